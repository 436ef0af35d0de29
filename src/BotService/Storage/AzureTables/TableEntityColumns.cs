using Azure.Data.Tables;

namespace BotService.Storage.AzureTables;

/// <summary>
/// Moves columns between the contract's validated <see cref="EntityProperty"/> values and the SDK's dictionary
/// entity (<see cref="TableEntity"/>), which carries the EDM types on the wire.
/// </summary>
internal static class TableEntityColumns
{
    public static TableEntity ToTableEntity(string partitionKey, string rowKey, IReadOnlyDictionary<string, EntityProperty> properties)
    {
        var row = new TableEntity(partitionKey, rowKey);
        foreach (var (name, property) in properties) row[name] = property.Value;
        return row;
    }

    public static T ToEntity<T>(TableEntity row, IReadOnlyDictionary<string, EdmType> schema) where T : ITableEntity, new() =>
        EntityMapper.FromProperties<T>(row.PartitionKey, row.RowKey, row.ETag, row.Timestamp, Read(row, schema));

    /// <summary>
    /// The stored columns, each typed as the entity class declares it when it does. A JSON number without a type
    /// annotation (a whole Double, say) comes back from the SDK as Int32, and the read-back must still compare it
    /// equal to what was written.
    /// </summary>
    public static Dictionary<string, EntityProperty> Read(TableEntity row, IReadOnlyDictionary<string, EdmType> schema)
    {
        var properties = new Dictionary<string, EntityProperty>(row.Count, StringComparer.Ordinal);
        foreach (var (name, value) in row)
        {
            if (value is null || IsSystem(name)) continue;
            properties[name] = schema.TryGetValue(name, out var declared) ? As(declared, value) : Inferred(value);
        }
        return properties;
    }

    /// <summary>Whether the stored columns hold exactly what was written: all of it, and nothing else.</summary>
    public static bool SameColumns(IReadOnlyDictionary<string, EntityProperty> written, IReadOnlyDictionary<string, EntityProperty> stored)
    {
        if (stored.Count != written.Count) return false;
        foreach (var (name, w) in written)
        {
            if (!stored.TryGetValue(name, out var s)) return false;
            var equal = (w.Value, s.Value) switch
            {
                (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
                (DateTimeOffset a, DateTimeOffset b) => a.UtcTicks == b.UtcTicks,
                var (a, b) => a.Equals(b),
            };
            if (!equal) return false;
        }
        return true;
    }

    private static bool IsSystem(string name) =>
        name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata.", StringComparison.Ordinal);

    private static EntityProperty As(EdmType declared, object value) => (declared, value) switch
    {
        (EdmType.Int64, int i) => new EntityProperty(EdmType.Int64, (long)i),
        (EdmType.Double, int i) => new EntityProperty(EdmType.Double, (double)i),
        (EdmType.Double, long l) => new EntityProperty(EdmType.Double, (double)l),
        _ => Inferred(value),
    };

    private static EntityProperty Inferred(object value) => value switch
    {
        string s => new EntityProperty(EdmType.String, s),
        bool b => new EntityProperty(EdmType.Boolean, b),
        int i => new EntityProperty(EdmType.Int32, i),
        long l => new EntityProperty(EdmType.Int64, l),
        double d => new EntityProperty(EdmType.Double, d),
        Guid g => new EntityProperty(EdmType.Guid, g),
        DateTimeOffset dto => new EntityProperty(EdmType.DateTime, dto.ToUniversalTime()),
        DateTime dt => new EntityProperty(EdmType.DateTime,
            new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime())),
        byte[] bytes => new EntityProperty(EdmType.Binary, bytes),
        BinaryData data => new EntityProperty(EdmType.Binary, data.ToArray()),
        _ => new EntityProperty(EdmType.String, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
    };
}
