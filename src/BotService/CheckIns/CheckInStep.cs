
namespace BotService.CheckIns;

/// <summary>What a due-index entry asks the scheduler to do.</summary>
public enum CheckInStep { Prompt, Reminder }
