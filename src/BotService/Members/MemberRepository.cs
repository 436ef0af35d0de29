using BotService.Storage;

namespace BotService.Members;

/// <summary>Reads and writes member profiles; tells the scheduler when a write may change her schedule.</summary>
public sealed class MemberRepository(ITableStore store, IEnumerable<IMemberScheduleListener> listeners)
{
    private readonly ITable<MemberProfile> _table = store.GetTable<MemberProfile>(MemberProfile.TableName);

    public Task<MemberProfile?> GetAsync(string memberKey, CancellationToken cancellationToken) =>
        _table.GetAsync(memberKey, MemberProfile.ProfileRowKey, cancellationToken);

    /// <summary>Inserts a new profile or replaces the one read earlier (ETag-guarded: a concurrent change throws
    /// <see cref="EntityConcurrencyException"/> so the caller re-runs its turn on fresh state).</summary>
    public async Task SaveAsync(MemberProfile profile, CancellationToken cancellationToken)
    {
        if (profile.ETag == default) await _table.InsertAsync(profile, cancellationToken);
        else await _table.ReplaceAsync(profile, profile.ETag, cancellationToken);
        foreach (var listener in listeners) await listener.MemberScheduleChangedAsync(profile, cancellationToken);
    }

    public async Task DeleteAsync(string memberKey, CancellationToken cancellationToken)
    {
        await _table.DeleteAsync(memberKey, MemberProfile.ProfileRowKey, cancellationToken: cancellationToken);
        foreach (var listener in listeners) await listener.MemberRemovedAsync(memberKey, cancellationToken);
    }

    /// <summary>Her address in clear, for sending. Never log it.</summary>
    public static string? Address(MemberProfile profile, Privacy.FieldEncryptor encryptor) => encryptor.DecryptOptional(profile.EncryptedAddress);
}
