using System.Collections.Concurrent;

namespace BotService.Storage.Sqlite;

/// <summary>
/// Rows recently read by point lookups, kept exact for a process that is the only writer of its database file.
/// A member's turn reads the same handful of rows every time (her profile and dialog state, and the absence of an
/// opt-out, a volunteer record and an open case); serving them from memory takes most reads off the hot path.
/// </summary>
/// <remarks>
/// Exactness without locks: only reads add rows, and only after the fact. The writer bumps <see cref="Epoch"/> after
/// every commit and then overwrites the rows it wrote that are cached. A reader notes the epoch before reading the file
/// and, after adding what it read, takes it back out if the epoch moved meanwhile: either its add came before the
/// writer's overwrite, or it sees the bump. Writes of rows nobody reads (processed-message marks, outbox, ledger) never
/// enter the cache. Another process writing the same file is noticed at the writer's next transaction
/// (<c>PRAGMA data_version</c>) and clears everything; until then its changes are not seen, which is why the cache is
/// off for stores built without it and documented as single-writer.
/// </remarks>
internal sealed class SqliteRowCache(int capacity)
{
    private readonly ConcurrentDictionary<(string Table, string PartitionKey, string RowKey), CachedRow> _rows = new();
    private long _epoch;
    private int _approximateCount;

    public long Epoch => Interlocked.Read(ref _epoch);

    public bool TryGet(string table, string partitionKey, string rowKey, out CachedRow row) =>
        _rows.TryGetValue((table, partitionKey, rowKey), out row!);

    /// <summary>Adds what a reader found (or did not find) in the file, unless a commit may have overtaken it.</summary>
    public void AddFromRead(string table, string partitionKey, string rowKey, CachedRow row, long epochBeforeRead)
    {
        // Dropping everything at the bound is crude but cannot make anything stale; the hot rows come back at once.
        if (Volatile.Read(ref _approximateCount) >= capacity) ClearRows();
        var key = (table, partitionKey, rowKey);
        if (!_rows.TryAdd(key, row)) return;
        Interlocked.Increment(ref _approximateCount);
        if (Interlocked.Read(ref _epoch) != epochBeforeRead) _rows.TryRemove(KeyValuePair.Create(key, row));
    }

    /// <summary>Called once per committed transaction, before <see cref="UpdateIfCached"/> for its rows.</summary>
    public void Committed() => Interlocked.Increment(ref _epoch);

    public void UpdateIfCached(string table, string partitionKey, string rowKey, CachedRow row)
    {
        var key = (table, partitionKey, rowKey);
        if (_rows.ContainsKey(key)) _rows[key] = row;
    }

    /// <summary>Forgets everything, including what readers are about to add (another process wrote, or a commit failed).</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _epoch);
        ClearRows();
    }

    private void ClearRows()
    {
        _rows.Clear();
        Volatile.Write(ref _approximateCount, 0);
    }
}
