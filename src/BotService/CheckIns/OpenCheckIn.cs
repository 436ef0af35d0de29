
namespace BotService.CheckIns;

/// <summary>Today's prompt that she has not answered yet.</summary>
public sealed record OpenCheckIn(string MemberKey, string LocalDate, DateTimeOffset PromptSentAt, bool ReminderSent, bool WasSilenceMessage);
