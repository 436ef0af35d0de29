namespace BotService.Channels.BotFramework;

public sealed class SuggestedActions
{
    public List<CardAction> Actions { get; set; } = [];
}
