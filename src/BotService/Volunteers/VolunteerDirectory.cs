using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// Registered volunteers. Every inbound text asks whether its sender is one, so the set of volunteer ids is kept in
/// memory and a member's text costs no read: the set is reloaded when the version row (written by every add and
/// delete, on any instance) has a new ETag, which is checked at most every <see cref="VersionCheckInterval"/>. A
/// volunteer's own text then reads her row fresh (her on-call state and cases change all the time).
/// </summary>
public sealed class VolunteerDirectory(ITableStore store, KeyedHasher hasher, FieldEncryptor encryptor, OnCallHistory onCallHistory, TimeProvider time) : IDisposable
{
    /// <summary>How stale another instance's add or delete may be here: a volunteer added elsewhere is treated as a
    /// member for at most this long.</summary>
    public static readonly TimeSpan VersionCheckInterval = TimeSpan.FromSeconds(5);

    private readonly ITable<Volunteer> _table = store.GetTable<Volunteer>(Volunteer.TableName);
    private readonly ITable<VolunteerSetVersion> _versions = store.GetTable<VolunteerSetVersion>(Volunteer.TableName);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile IdSet? _ids;

    public void Dispose() => _refresh.Dispose();

    /// <summary>Null for anyone who is not a registered volunteer (members, unknown numbers, other channels).</summary>
    public async Task<Volunteer?> FindBySenderAsync(string channel, string address, CancellationToken ct)
    {
        if (channel != ChannelNames.Sms || !PhoneNumber.TryNormalize(address, out var e164)) return null;
        var key = hasher.PhoneKey(e164);
        var id = Volunteer.IdFor(key);
        if (!(await CurrentIdsAsync(ct)).Contains(id)) return null;
        var volunteer = await _table.GetAsync(Volunteer.Partition, id, ct);
        // The id is a prefix of the hash; the full key settles the (astronomically unlikely) prefix collision.
        return volunteer?.PhoneKey == key ? volunteer : null;
    }

    private async Task<IReadOnlySet<string>> CurrentIdsAsync(CancellationToken ct)
    {
        if (_ids is { } current && time.GetElapsedTime(current.CheckedAt) < VersionCheckInterval) return current.Ids;
        await _refresh.WaitAsync(ct);
        try
        {
            var known = _ids;
            if (known is not null && time.GetElapsedTime(known.CheckedAt) < VersionCheckInterval) return known.Ids;
            var checkedAt = time.GetTimestamp();
            // The version first, then the set: an add that lands in between is in the set, and its new version makes
            // the next check reload anyway.
            var version = await _versions.GetAsync(VolunteerSetVersion.Partition, VolunteerSetVersion.VersionRowKey, ct)
                          ?? await BumpVersionAsync(ct);
            if (known is not null && known.Version == version.ETag)
            {
                _ids = known with { CheckedAt = checkedAt };
                return known.Ids;
            }
            var ids = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var v in _table.QueryPartitionAllAsync(Volunteer.Partition, cancellationToken: ct)) ids.Add(v.Id);
            _ids = new IdSet(ids, version.ETag, checkedAt);
            return ids;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Written after every add and delete: a new ETag tells every instance to reload its set.</summary>
    private async Task<VolunteerSetVersion> BumpVersionAsync(CancellationToken ct)
    {
        var version = new VolunteerSetVersion { PartitionKey = VolunteerSetVersion.Partition, RowKey = VolunteerSetVersion.VersionRowKey, ChangedAt = time.GetUtcNow() };
        await _versions.UpsertAsync(version, ct);
        return version;
    }

    /// <summary>After a change made here: this instance sees it at once.</summary>
    private async Task ChangedAsync(CancellationToken ct)
    {
        await BumpVersionAsync(ct);
        _ids = null;
    }

    private sealed record IdSet(IReadOnlySet<string> Ids, Azure.ETag Version, long CheckedAt);

    public Task<Volunteer?> GetAsync(string id, CancellationToken ct) => _table.GetAsync(Volunteer.Partition, id, ct);

    public async Task<IReadOnlyList<Volunteer>> AllAsync(CancellationToken ct)
    {
        var list = new List<Volunteer>();
        await foreach (var v in _table.QueryPartitionAllAsync(Volunteer.Partition, cancellationToken: ct)) list.Add(v);
        return list;
    }

    /// <summary>Adds a volunteer; throws <see cref="EntityAlreadyExistsException"/> when the number is registered.</summary>
    public async Task<Volunteer> AddAsync(string name, string e164, IEnumerable<string> languages, DateTimeOffset now, CancellationToken ct)
    {
        var key = hasher.PhoneKey(e164);
        var volunteer = new Volunteer
        {
            PartitionKey = Volunteer.Partition,
            Id = Volunteer.IdFor(key),
            Name = name,
            EncryptedPhone = encryptor.Encrypt(e164),
            PhoneKey = key,
            Languages = string.Join(',', languages),
            CreatedAt = now,
        };
        await _table.InsertAsync(volunteer, ct);
        await ChangedAsync(ct);
        return volunteer;
    }

    /// <summary>Removes her and her on-call history.</summary>
    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        var deleted = await _table.DeleteAsync(Volunteer.Partition, id, cancellationToken: ct);
        await ChangedAsync(ct);
        await onCallHistory.RemoveAsync(id, ct);
        return deleted;
    }

    /// <summary>Read-change-write with retry on conflict; null when she no longer exists. A change of her on-call flag
    /// (her ON, OFF or STOP text, or the roster's toggle: all of them come through here) goes into her on-call history.</summary>
    public async Task<Volunteer?> UpdateAsync(string id, Action<Volunteer> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var v = await GetAsync(id, ct);
            if (v is null) return null;
            var wasOnCall = v.OnCall;
            change(v);
            try
            {
                await _table.ReplaceAsync(v, v.ETag, ct);
                if (v.OnCall != wasOnCall) await onCallHistory.RecordAsync(v.Id, v.OnCall, time.GetUtcNow(), ct);
                return v;
            }
            catch (EntityConcurrencyException) when (attempt < 20) { }
        }
    }

    /// <summary>The keyed hash a volunteer with this number would be registered under.</summary>
    public string PhoneKeyOf(string e164) => hasher.PhoneKey(e164);

    /// <summary>Her number in clear, only to hand to the outbox. Never log it.</summary>
    public string PhoneOf(Volunteer volunteer) => encryptor.Decrypt(volunteer.EncryptedPhone);
}
