namespace BotService.Turns;

/// <summary>Section <c>Dialogs</c>.</summary>
public sealed class DialogOptions
{
    public const string Section = "Dialogs";

    /// <summary>A dialog left waiting longer than this ends quietly; her next message starts fresh.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromHours(12);
}
