using System.Globalization;

namespace BotService.Storage.Sqlite;

/// <summary>What a write sees inside the writer's transaction: prepared commands, fresh ETags, and where to note the
/// rows it changed so the row cache learns them once the transaction commits.</summary>
internal sealed class SqliteWriteContext(SqliteSession session, bool tracksRows)
{
    private readonly List<(string Table, string PartitionKey, string RowKey, CachedRow Row)> _effects = [];
    private long _etagCounter = -1;
    private bool _etagCounterDirty;

    public SqliteSession Session { get; } = session;

    public int EffectsMark => _effects.Count;

    public void Wrote(string table, string partitionKey, string rowKey, CachedRow row)
    {
        if (tracksRows) _effects.Add((table, partitionKey, rowKey, row));
    }

    public void DiscardEffectsFrom(int mark) => _effects.RemoveRange(mark, _effects.Count - mark);

    public void Publish(SqliteRowCache cache)
    {
        cache.Committed();
        foreach (var (table, partitionKey, rowKey, row) in _effects) cache.UpdateIfCached(table, partitionKey, rowKey, row);
    }

    /// <summary>
    /// A database-wide counter, so an ETag is never reused even after an entity is deleted and re-created. Read once per
    /// transaction and written back before COMMIT: the IMMEDIATE lock keeps any other writer out in between, and a value
    /// handed to a write that was then rolled back is simply skipped.
    /// </summary>
    public string NextETag()
    {
        if (_etagCounter < 0)
            _etagCounter = Convert.ToInt64(Session.Command("SELECT value FROM etag_sequence WHERE id = 1").ExecuteScalar(), CultureInfo.InvariantCulture);
        _etagCounter++;
        _etagCounterDirty = true;
        return $"W/\"{_etagCounter.ToString(CultureInfo.InvariantCulture)}\"";
    }

    public void SaveETagCounter()
    {
        if (!_etagCounterDirty) return;
        var command = Session.Command("UPDATE etag_sequence SET value = $value WHERE id = 1");
        command.Set("$value", _etagCounter);
        command.ExecuteNonQuery();
    }
}
