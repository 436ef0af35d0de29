namespace BotService.Channels.BotFramework;

public sealed class CardAction
{
    public string Type { get; set; } = ActivityTypeNames.ImBack;
    public string Title { get; set; } = "";
    public string? Value { get; set; }
}
