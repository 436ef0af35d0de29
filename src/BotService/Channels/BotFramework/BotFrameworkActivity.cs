namespace BotService.Channels.BotFramework;

/// <summary>
/// The subset of the Bot Framework Activity schema this channel reads and writes. Our own wire type on purpose: the
/// dialog runtime's Activity is a different concept, and the SDK is not available. Unknown fields are ignored.
/// </summary>
public sealed class BotFrameworkActivity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Locale { get; set; }
    public string? ReplyToId { get; set; }
    public string? InputHint { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }
}
