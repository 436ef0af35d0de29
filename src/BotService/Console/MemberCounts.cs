using BotService.Members;
using BotService.Storage;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Members active, paused and opted out, for line health. A periodic recount of the small per-member state rows
/// (<see cref="MemberStateRow"/>) rather than counters kept on each change, because a pause ends by the clock and not
/// by a write; the totals are stored, so every instance and every page load reads one row. Erased members have no
/// state row and are not counted.
/// </summary>
public sealed class MemberCounts(ITableStore store, TimeProvider time)
{
    private readonly ITable<MemberStateRow> _states = store.GetTable<MemberStateRow>(MemberStateRow.TableName);
    private readonly ITable<MemberTotalsRow> _totals = store.GetTable<MemberTotalsRow>(MemberStateRow.TableName);

    /// <summary>The stored totals; null before the first count.</summary>
    public Task<MemberTotalsRow?> CurrentAsync(CancellationToken ct) => _totals.GetAsync(MemberTotalsRow.Partition, MemberTotalsRow.Key, ct);

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
