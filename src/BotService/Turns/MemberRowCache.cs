using System.Collections.Concurrent;
using BotService.Members;

namespace BotService.Turns;

/// <summary>
/// Her row as this instance's last turn for her committed it, so her next ordinary turn needs no read. Only the turn
/// pipeline uses it, and only for a turn that ends in its ETag-guarded write of that row: if anyone wrote the row
/// meanwhile (another instance, STOP, the scheduler, a case opening) that write fails and the turn runs again on a
/// fresh read. Bounded; a full cache drops an arbitrary tenth.
/// </summary>
public sealed class MemberRowCache(int capacity = MemberRowCache.DefaultCapacity)
{
    public const int DefaultCapacity = 20_000;
    private readonly ConcurrentDictionary<string, MemberProfile> _rows = new(StringComparer.Ordinal);

    public int Count => _rows.Count;

    /// <summary>A copy the caller may change.</summary>
    public MemberProfile? TryGet(string memberKey) => _rows.TryGetValue(memberKey, out var row) ? row.Copy() : null;

    public void Put(MemberProfile row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (capacity <= 0) return;
        if (_rows.Count >= capacity)
            foreach (var key in _rows.Keys.Take(Math.Max(1, capacity / 10))) _rows.TryRemove(key, out _);
        _rows[row.MemberKey] = row.Copy();
    }

    public void Forget(string memberKey) => _rows.TryRemove(memberKey, out _);
}
