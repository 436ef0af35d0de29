using BotService.Privacy;
using BotService.Storage;

namespace BotService.Channels.BotFramework;

public sealed class ConversationReferenceStore(ITableStore store, FieldEncryptor encryptor, KeyedHasher hasher) : IMemberDataEraser
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
