namespace BotService.Dialogs;

/// <summary>One inbound or outbound message (or event) on a channel.</summary>
public sealed class Activity
{
    public string Type { get; set; } = ActivityTypes.Message;
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ChannelId { get; set; }
    public string? ServiceUrl { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ReplyToId { get; set; }
    public string? Text { get; set; }

    /// <summary>BCP-47 tag such as "en-US" or "es"; prompts use it as their language hint.</summary>
    public string? Locale { get; set; }

    /// <summary>Choice titles the channel may render as buttons; SMS channels usually ignore them.</summary>
    public IList<string>? SuggestedActions { get; set; }

    public static Activity CreateMessageActivity(string? text = null) => new() { Type = ActivityTypes.Message, Text = text };

    /// <summary>A reply addressed back to the sender of this activity, in the same conversation.</summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        Timestamp = DateTimeOffset.UtcNow,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        From = Recipient,
        Recipient = From,
        Conversation = Conversation,
        ReplyToId = Id,
        Locale = Locale,
    };
}
