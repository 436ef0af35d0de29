using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// Each volunteer's on/off-call changes (see <see cref="OnCallChange"/>), written by <see cref="VolunteerDirectory"/>
/// whenever her on-call flag changes, and the hours on call they add up to over a window.
/// </summary>
public sealed class OnCallHistory(ITableStore store)
{
    private readonly ITable<OnCallChange> _table = store.GetTable<OnCallChange>(OnCallChange.TableName);

    public async Task RecordAsync(string volunteerId, bool onCall, DateTimeOffset at, CancellationToken ct) =>
        await _table.InsertAsync(new OnCallChange
        {
            PartitionKey = volunteerId,
            // The suffix keeps two changes in the same tick apart.
            RowKey = OnCallChange.KeyFor(at) + "-" + Guid.NewGuid().ToString("N")[..8],
            At = at,
            OnCall = onCall,
        }, ct);

    /// <summary>Her changes since <paramref name="from"/> and the last one before it (whether she was on call when a
    /// window starting then opened): enough for every window that starts later, and nothing older is read.</summary>
    public async Task<IReadOnlyList<OnCallChange>> SinceAsync(string volunteerId, DateTimeOffset from, DateTimeOffset now, CancellationToken ct)
    {
        var newestFirst = new List<OnCallChange>();
        await foreach (var change in _table.QueryPartitionAllAsync(volunteerId, new RowKeyRange(OnCallChange.KeyFor(now), null), ct))
        {
            newestFirst.Add(change);
            if (change.At <= from) break;
        }
        return newestFirst;
    }

    /// <summary>
    /// Adds up the on-call intervals in [<paramref name="from"/>, <paramref name="now"/>]: an interval open at the
    /// window's start counts from the start, one still open counts until now. A repeated change (ON twice) changes
    /// nothing; before her first recorded change she counts as off call.
    /// </summary>
    public static double Hours(IEnumerable<OnCallChange> changes, DateTimeOffset from, DateTimeOffset now)
    {
        var total = TimeSpan.Zero;
        DateTimeOffset? onSince = null;
        foreach (var change in changes.OrderBy(c => c.At).ThenBy(c => c.RowKey, StringComparer.Ordinal))
        {
            if (change.At > now) break;
            var at = change.At < from ? from : change.At;
            if (change.OnCall) onSince ??= at;
            else if (onSince is { } start)
            {
                total += at - start;
                onSince = null;
            }
        }
        if (onSince is { } open) total += now - open;
        return total.TotalHours;
    }

    /// <summary>When she is removed from the roster her history goes with her.</summary>
    public async Task RemoveAsync(string volunteerId, CancellationToken ct)
    {
        // Read first, delete after: no page is fetched from under deletes already made.
        var all = new List<OnCallChange>();
        await foreach (var change in _table.QueryPartitionAllAsync(volunteerId, cancellationToken: ct)) all.Add(change);
        foreach (var chunk in all.Chunk(100))
            await _table.SubmitBatchAsync([.. chunk.Select(c => TableOperation<OnCallChange>.Delete(c))], ct);
    }
}
