using System.Text.Json;
using System.Text.Json.Serialization;

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

public sealed class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? Role { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
}

public sealed class SuggestedActions
{
    public List<CardAction> Actions { get; set; } = [];
}

public sealed class CardAction
{
    public string Type { get; set; } = ActivityTypeNames.ImBack;
    public string Title { get; set; } = "";
    public string? Value { get; set; }
}

/// <summary>The activity and action type strings of the schema that this channel uses.</summary>
public static class ActivityTypeNames
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string ImBack = "imBack";
}

/// <summary>The connector's answer to a sent activity.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

internal static class BotFrameworkJson
{
    /// <summary>camelCase, nulls omitted (channels reject some explicit nulls), case-insensitive on read.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
