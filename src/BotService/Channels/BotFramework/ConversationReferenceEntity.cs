using BotService.Storage;

namespace BotService.Channels.BotFramework;

/// <summary>
/// Where to reach a member on a Bot Framework channel. Table <c>conversationrefs</c>, PartitionKey = member key,
/// RowKey = "current" (the latest conversation she wrote from). Every identifier is encrypted: together they would
/// let anyone with the table contact her, and the service URL is where we send, so it must not be forgeable either
/// (AES-GCM refuses a value that was not written by us).
/// </summary>
public sealed class ConversationReferenceEntity : TableEntityBase
{
    public const string TableName = "conversationrefs";
    public const string CurrentRowKey = "current";

    /// <summary>The channel's name ("msteams", "webchat", "emulator"), kept in clear for diagnostics.</summary>
    public string? ChannelId { get; set; }
    public string? EncryptedServiceUrl { get; set; }
    public string? EncryptedConversationId { get; set; }
    public string? EncryptedBotId { get; set; }
    public string? EncryptedUserId { get; set; }
    /// <summary>True when the reference came from an activity that was not authenticated (emulator mode only);
    /// the transport will not use such a reference once authentication is on.</summary>
    public bool Unauthenticated { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
