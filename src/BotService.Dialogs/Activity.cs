namespace BotService.Dialogs;

/// <summary>Activity type names, spelled as the Bot Framework schema spells them.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
    public const string Event = "event";
}

public sealed class ChannelAccount
{
    public ChannelAccount()
    {
    }

    public ChannelAccount(string id, string? name = null)
    {
        Id = id;
        Name = name;
    }

    public string Id { get; set; } = "";
    public string? Name { get; set; }
}

public sealed class ConversationAccount
{
    public ConversationAccount()
    {
    }

    public ConversationAccount(string id) => Id = id;

    public string Id { get; set; } = "";
}

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

/// <summary>Returned by a send; the channel layer may fill the id it gets from its provider.</summary>
public sealed record ResourceResponse(string Id);
