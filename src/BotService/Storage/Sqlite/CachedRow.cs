namespace BotService.Storage.Sqlite;

/// <summary>A row as stored; <see cref="ETag"/> null means the row does not exist. Compared by reference, so a reader
/// taking back its own add can never remove a newer row the writer put in its place.</summary>
internal sealed class CachedRow(string? etag, string timestamp, string data)
{
    public static readonly CachedRow Absent = new(null, "", "");

    private IReadOnlyDictionary<string, EntityProperty>? _properties;
    // Dropped once the columns are parsed and shared: keeping both would hold every cached row twice.
    private string? _data = data;

    public string? ETag { get; } = etag;
    public string Timestamp { get; } = timestamp;

    /// <summary>
    /// The columns, parsed once and shared by every entity made from this row: entities get their own copies of the
    /// values (strings and numbers are immutable). Rows with a binary column are parsed afresh each time instead, so
    /// no caller can change another's byte array in place.
    /// </summary>
    public IReadOnlyDictionary<string, EntityProperty> Properties()
    {
        var shared = Volatile.Read(ref _properties);
        if (shared is not null) return shared;
        // Two readers may both get here; each parses the same text and the last one's result is shared. A reader that
        // loads _data after another dropped it finds _properties set (written before _data is cleared).
        var data = Volatile.Read(ref _data);
        if (data is null) return Volatile.Read(ref _properties)!;
        var parsed = SqlitePayload.Read(data);
        if (!parsed.Values.Any(p => p.Value is byte[]))
        {
            Volatile.Write(ref _properties, parsed);
            Volatile.Write(ref _data, null);
        }
        return parsed;
    }
}
