using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Counts wrong admin keys per client address: after <see cref="ConsoleOptions.MaxFailedKeys"/> within
/// <see cref="ConsoleOptions.Lockout"/>, that address may not try again until the lock-out ends, even with the right key.
/// Kept in table storage (<see cref="KeySignInFailures"/>) so every instance and every restart sees the same count.
/// </summary>
public sealed class KeySignInLockout(ITableStore store, KeyedHasher hasher, IOptions<ConsoleOptions> options, TimeProvider time)
{
    private const int MaxAttempts = 5;
    private readonly ConsoleOptions _options = options.Value;
    private readonly ITable<KeySignInFailures> _table = store.GetTable<KeySignInFailures>(KeySignInFailures.TableName);

    /// <summary>When the address may try again, or null when it may try now.</summary>
    public async Task<DateTimeOffset?> LockedUntilAsync(string address, CancellationToken ct)
    {
        var row = await _table.GetAsync(KeySignInFailures.Partition, RowKeyOf(address), ct);
        return row?.LockedUntil is { } until && until > time.GetUtcNow() ? until : null;
    }

    /// <summary>Counts one wrong key; returns when the address is locked out, if it now is.</summary>
    public async Task<DateTimeOffset?> RecordFailureAsync(string address, CancellationToken ct)
    {
        var rowKey = RowKeyOf(address);
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            try
            {
                var row = await _table.GetAsync(KeySignInFailures.Partition, rowKey, ct);
                var fresh = row is null || row.LockedUntil is not null || now - row.First >= _options.Lockout;
                var count = fresh ? 1 : row!.Count + 1;
                var next = new KeySignInFailures
                {
                    PartitionKey = KeySignInFailures.Partition,
                    RowKey = rowKey,
                    Count = count,
                    First = fresh ? now : row!.First,
                    LockedUntil = count >= _options.MaxFailedKeys ? now + _options.Lockout : null,
                };
                if (row is null) await _table.InsertAsync(next, ct);
                else await _table.ReplaceAsync(next, row.ETag, ct);
                return next.LockedUntil;
            }
            catch (Exception e) when (e is EntityConcurrencyException or EntityAlreadyExistsException && attempt < MaxAttempts)
            {
                // Another instance counted a wrong key from the same address at the same moment: read again and add ours.
            }
        }
    }

    public async Task RecordSuccessAsync(string address, CancellationToken ct) =>
        await _table.DeleteAsync(KeySignInFailures.Partition, RowKeyOf(address), cancellationToken: ct);

    private string RowKeyOf(string address) => hasher.Hash("console-lockout", address);
}
