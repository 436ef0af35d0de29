using BotService.Privacy;
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

/// <summary>A decrypted conversation reference. Never log it.</summary>
public sealed record ConversationReference(string ChannelId, Uri ServiceUrl, string ConversationId, string BotId, string UserId, bool Unauthenticated);

public sealed class ConversationReferenceStore(ITableStore store, FieldEncryptor encryptor, KeyedHasher hasher) : BotService.Conversation.IMemberDataEraser
{
    private readonly ITable<ConversationReferenceEntity> _table = store.GetTable<ConversationReferenceEntity>(ConversationReferenceEntity.TableName);

    /// <summary>DELETE MY DATA: without the reference nobody can reach her on this channel until she writes again.</summary>
    public Task EraseAsync(string memberKey, CancellationToken cancellationToken) =>
        _table.DeleteAsync(memberKey, ConversationReferenceEntity.CurrentRowKey, cancellationToken: cancellationToken);

    /// <summary>The member key of a channel user: the same derivation the rest of the service uses for her.</summary>
    public string MemberKey(string channelId, string userId) => hasher.Hash("channel-user", channelId + ":" + userId);

    /// <summary>The member key of a sender address as the turn pipeline sees it ("{channelId}:{userId}").</summary>
    public string MemberKeyOfAddress(string senderAddress) => hasher.Hash("channel-user", senderAddress);

    /// <summary>A key-safe stand-in for "this member's activity": activity ids may hold characters a table key
    /// cannot (Direct Line uses '|'), and are only unique within a conversation.</summary>
    public string DedupeBase(string memberKey, string activityId) => hasher.Hash("bf-activity", memberKey + "\n" + activityId);

    public async Task SaveAsync(string memberKey, ConversationReference reference, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = new ConversationReferenceEntity
        {
            PartitionKey = memberKey,
            RowKey = ConversationReferenceEntity.CurrentRowKey,
            ChannelId = reference.ChannelId,
            EncryptedServiceUrl = encryptor.Encrypt(reference.ServiceUrl.AbsoluteUri),
            EncryptedConversationId = encryptor.Encrypt(reference.ConversationId),
            EncryptedBotId = encryptor.Encrypt(reference.BotId),
            EncryptedUserId = encryptor.Encrypt(reference.UserId),
            Unauthenticated = reference.Unauthenticated,
            UpdatedAt = now,
        };
        await _table.UpsertAsync(entity, cancellationToken);
    }

    public async Task<ConversationReference?> GetAsync(string memberKey, CancellationToken cancellationToken)
    {
        var entity = await _table.GetAsync(memberKey, ConversationReferenceEntity.CurrentRowKey, cancellationToken);
        if (entity?.EncryptedServiceUrl is null || entity.EncryptedConversationId is null || entity.EncryptedUserId is null)
            return null;
        return new ConversationReference(
            entity.ChannelId ?? "",
            new Uri(encryptor.Decrypt(entity.EncryptedServiceUrl), UriKind.Absolute),
            encryptor.Decrypt(entity.EncryptedConversationId),
            encryptor.DecryptOptional(entity.EncryptedBotId) ?? "",
            encryptor.Decrypt(entity.EncryptedUserId),
            entity.Unauthenticated);
    }
}
