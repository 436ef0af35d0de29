namespace BotService.CoordinatorConsole;

/// <summary>What the console tells the coordinator after an action: it worked, or why not, in a sentence.</summary>
public sealed record ActionOutcome(bool Ok, string Message)
{
    public static ActionOutcome Done(string message) => new(true, message);
    public static ActionOutcome Refused(string message) => new(false, message);
}
