
namespace BotService.Storage;

/// <summary>
/// A named lease in table <c>leases</c> that at most one instance holds at a time. Every write is ETag-guarded, so of
/// two instances racing for an expired lease exactly one wins. The holder renews on every tick; if it dies, the row
/// expires and another instance takes over within the check-ins' <c>LeaseDuration</c> (plus one tick).
/// </summary>
public sealed class SchedulerLease
{
    private readonly ITable<LeaseRow> _table;
    private readonly TimeProvider _time;
    private readonly TimeSpan _duration;
    private LeaseRow? _held;

    public SchedulerLease(ITableStore store, TimeProvider time, string name, TimeSpan duration, string? instanceId = null)
    {
        _table = store.GetTable<LeaseRow>(LeaseRow.TableName);
        _time = time;
        _duration = duration;
        Name = name;
        // Per process (and per scheduler object, so tests can run two in one process). Machine name and pid help an
        // operator see which instance holds it; the random part keeps a restarted process with the same pid distinct.
        InstanceId = instanceId ?? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    }

    public string Name { get; }
    public string InstanceId { get; }

    /// <summary>The holder's view of the cursor (last fully processed bucket); null until first set.</summary>
    public string? Cursor => _held?.Cursor;

    /// <summary>When the lease this instance holds runs out (by its own clock); null when it holds none.</summary>
    public DateTimeOffset? HeldUntil => _held?.ExpiresAt;

    /// <summary>True while this instance holds an unexpired lease (by its own clock).</summary>
    public bool IsHeld => _held is not null && _held.ExpiresAt > _time.GetUtcNow();

    /// <summary>Takes the lease if free or expired, or renews it if ours. False when another live instance holds it,
    /// or when someone changed the row since we last wrote it (then we are no longer the holder).</summary>
    public async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken) => await WriteAsync(cursor: null, cancellationToken);

    /// <summary>Renews and records the cursor in one guarded write; false means we lost the lease and must stop.</summary>
    public Task<bool> AdvanceCursorAsync(string cursor, CancellationToken cancellationToken) => WriteAsync(cursor, cancellationToken);

    /// <summary>Gives the lease up (graceful shutdown) so another instance can take over at once.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (_held is null) return;
        var row = Copy(_held);
        row.ExpiresAt = _time.GetUtcNow();
        try { await _table.ReplaceAsync(row, _held.ETag, cancellationToken); }
        catch (TableStorageException) { /* Someone else holds it already; nothing to give up. */ }
        // During host shutdown the store may already be gone or unreachable: the lease then simply expires.
        catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException or HttpRequestException or Azure.RequestFailedException) { }
        _held = null;
    }

    private async Task<bool> WriteAsync(string? cursor, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        try
        {
            if (_held is not null)
            {
                // Renew blindly on our last ETag: if anyone else wrote the row, the write fails and we step down.
                var renewed = Copy(_held);
                renewed.ExpiresAt = now + _duration;
                if (cursor is not null) renewed.Cursor = cursor;
                if (_held.ExpiresAt <= now)
                {
                    // Expired by our own clock: someone may already be taking over. Only re-take through the normal path.
                    _held = null;
                    return await WriteAsync(cursor, cancellationToken);
                }
                renewed.ETag = await _table.ReplaceAsync(renewed, _held.ETag, cancellationToken);
                _held = renewed;
                return true;
            }

            var current = await _table.GetAsync(LeaseRow.PartitionKeyValue, Name, cancellationToken);
            if (current is null)
            {
                var row = new LeaseRow { PartitionKey = LeaseRow.PartitionKeyValue, RowKey = Name, Holder = InstanceId, AcquiredAt = now, ExpiresAt = now + _duration, Cursor = cursor };
                row.ETag = await _table.InsertAsync(row, cancellationToken);
                _held = row;
                return true;
            }
            if (current.Holder != InstanceId && current.ExpiresAt > now) return false;
            var taken = Copy(current);
            if (current.Holder != InstanceId) taken.AcquiredAt = now;
            taken.Holder = InstanceId;
            taken.ExpiresAt = now + _duration;
            if (cursor is not null) taken.Cursor = cursor;
            taken.ETag = await _table.ReplaceAsync(taken, current.ETag, cancellationToken);
            _held = taken;
            return true;
        }
        catch (Exception ex) when (ex is EntityConcurrencyException or EntityAlreadyExistsException or EntityNotFoundException)
        {
            _held = null;
            return false;
        }
    }

    private static LeaseRow Copy(LeaseRow row) => new()
    {
        PartitionKey = row.PartitionKey, RowKey = row.RowKey, ETag = row.ETag,
        Holder = row.Holder, ExpiresAt = row.ExpiresAt, AcquiredAt = row.AcquiredAt, Cursor = row.Cursor,
    };
}
