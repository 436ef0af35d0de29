using BotService.CheckIns;
using BotService.Members;
using BotService.Storage;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Members active, paused and opted out, for line health. A periodic recount of the small per-member state rows
/// (<see cref="MemberStateRow"/>) rather than counters kept on each change, because a pause ends by the clock and not
/// by a write; the totals are stored, so every instance and every page load reads one row. Erased members have no
/// state row and are not counted.
/// </summary>
public sealed class MemberCounts(ITableStore store, MemberRepository profiles, TimeProvider time)
{
    private const string BackfilledKey = "backfilled";
    private readonly ITable<MemberStateRow> _states = store.GetTable<MemberStateRow>(MemberStateRow.TableName);
    private readonly ITable<MemberTotalsRow> _totals = store.GetTable<MemberTotalsRow>(MemberStateRow.TableName);

    /// <summary>The stored totals; null before the first count.</summary>
    public Task<MemberTotalsRow?> CurrentAsync(CancellationToken ct) => _totals.GetAsync(MemberTotalsRow.Partition, MemberTotalsRow.Key, ct);

    /// <summary>
    /// Once per store: members whose profile has not been written since state rows exist get one, found through the
    /// check-in scheduler's pointers (one per member it has planned: everyone who got as far as a check-in time). An
    /// insert, not an upsert: a state row written meanwhile by her own change is newer and stays. Returns how many.
    /// </summary>
    public async Task<int> BackfillAsync(CancellationToken ct)
    {
        if (await _totals.GetAsync(MemberTotalsRow.Partition, BackfilledKey, ct) is not null) return 0;
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var shard = 0; shard < MemberStateRow.Shards; shard++)
            await foreach (var s in _states.QueryPartitionAllAsync(MemberStateRow.PartitionForShard(shard), cancellationToken: ct)) known.Add(s.RowKey);
        var pointers = store.GetTable<CheckInPointerRow>(CheckInIndexRow.TableName);
        var added = 0;
        for (var shard = 0; shard < CheckInIndexRow.Shards; shard++)
        {
            await foreach (var pointer in pointers.QueryPartitionAllAsync(CheckInPointerRow.PartitionForShard(shard), cancellationToken: ct))
            {
                if (!known.Add(pointer.RowKey) || await profiles.GetAsync(pointer.RowKey, ct) is not { } profile) continue;
                var row = MemberStateRow.Of(profile);
                // A profile older than the opt-out fold keeps her STOP in the old table.
                row.OptedOut = row.OptedOut || await profiles.IsOptedOutAsync(profile.MemberKey, ct);
                try
                {
                    await _states.InsertAsync(row, ct);
                    added++;
                }
                catch (EntityAlreadyExistsException)
                {
                }
            }
        }
        var now = time.GetUtcNow();
        await _totals.UpsertAsync(new MemberTotalsRow { PartitionKey = MemberTotalsRow.Partition, RowKey = BackfilledKey, CountedAt = now }, ct);
        return added;
    }

    /// <summary>Counts again unless another instance counted within <paramref name="fresh"/>; returns the totals.</summary>
    public async Task<MemberTotalsRow> RecountAsync(TimeSpan fresh, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (await CurrentAsync(ct) is { } recent && now - recent.CountedAt < fresh) return recent;
        int active = 0, paused = 0, optedOut = 0;
        for (var shard = 0; shard < MemberStateRow.Shards; shard++)
        {
            await foreach (var s in _states.QueryPartitionAllAsync(MemberStateRow.PartitionForShard(shard), cancellationToken: ct))
            {
                if (s.OptedOut) optedOut++;
                else if (s.Status != MemberStatus.Active) continue;
                else if (s.PausedUntil > now) paused++;
                else active++;
            }
        }
        var totals = new MemberTotalsRow
        {
            PartitionKey = MemberTotalsRow.Partition, RowKey = MemberTotalsRow.Key,
            Active = active, Paused = paused, OptedOut = optedOut, CountedAt = now,
        };
        await _totals.UpsertAsync(totals, ct);
        return totals;
    }
}
