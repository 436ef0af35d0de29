using System.Collections.Concurrent;
using System.Reflection;
using Azure;

namespace BotService.Storage;

/// <summary>
/// Maps typed entities to and from columns, and enforces the table service's limits before anything is written,
/// so both stores refuse the same input with the same error.
/// </summary>
public static class EntityMapper
{
    public const int MaxKeyLength = 1024;
    public const int MaxStringLength = 32 * 1024;
    public const int MaxEntityBytes = 1024 * 1024;
    public const int MaxBinaryBytes = 64 * 1024;
    public const int MaxColumns = 252;

    private static readonly HashSet<string> SystemNames = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "ETag" };
    private static readonly ConcurrentDictionary<Type, Column[]> Columns = new();

    private sealed record Column(string Name, EdmType Type, PropertyInfo Property, Type? EnumType);

    /// <summary>The non-null columns of an entity, validated. Throws <see cref="EntityValidationException"/>.</summary>
    public static Dictionary<string, EntityProperty> ToProperties<T>(T entity) where T : ITableEntity
    {
        ValidateKey("PartitionKey", entity.PartitionKey);
        ValidateKey("RowKey", entity.RowKey);
        var result = new Dictionary<string, EntityProperty>(StringComparer.Ordinal);
        long size = 4 + (entity.PartitionKey.Length + entity.RowKey.Length) * 2L;
        foreach (var column in ColumnsOf(entity.GetType()))
        {
            var raw = column.Property.GetValue(entity);
            if (raw is null) continue;
            object value = column.EnumType is not null ? raw.ToString()! : raw;
            if (value is DateTimeOffset dto) value = dto.ToUniversalTime();
            else if (value is DateTime dt) value = new DateTimeOffset(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt.ToUniversalTime());
            switch (value)
            {
                case string s when s.Length > MaxStringLength:
                    throw new EntityValidationException(column.Name, $"a string column holds at most {MaxStringLength} characters; this one has {s.Length}.");
                case byte[] b when b.Length > MaxBinaryBytes:
                    throw new EntityValidationException(column.Name, $"a binary column holds at most {MaxBinaryBytes} bytes; this one has {b.Length}.");
            }
            size += 8 + column.Name.Length * 2L + ValueSize(value);
            result[column.Name] = new EntityProperty(column.Type, value);
        }
        if (size > MaxEntityBytes)
            throw new EntityValidationException(typeof(T).Name, $"an entity holds at most 1 MiB; this one needs about {size} bytes.");
        return result;
    }

    /// <summary>Builds a typed entity from stored columns; unknown columns are ignored, missing ones stay default.</summary>
    public static T FromProperties<T>(string partitionKey, string rowKey, ETag etag, DateTimeOffset? timestamp,
        IReadOnlyDictionary<string, EntityProperty> properties) where T : ITableEntity, new()
    {
        var entity = new T { PartitionKey = partitionKey, RowKey = rowKey, ETag = etag, Timestamp = timestamp };
        foreach (var column in ColumnsOf(typeof(T)))
        {
            if (!properties.TryGetValue(column.Name, out var stored)) continue;
            column.Property.SetValue(entity, Convert(stored.Value, column));
        }
        return entity;
    }

    /// <summary>The declared column names and types of an entity type (used to parse untyped wire values).</summary>
    public static IReadOnlyDictionary<string, EdmType> Schema(Type entityType) =>
        ColumnsOf(entityType).ToDictionary(c => c.Name, c => c.Type, StringComparer.Ordinal);

    /// <summary>Rejects table names the table service refuses: 3-63 letters and digits, starting with a letter.</summary>
    public static void ValidateTableName(string? tableName)
    {
        if (string.IsNullOrEmpty(tableName)) throw new EntityValidationException("TableName", "is required.");
        if (tableName.Length is < 3 or > 63 || !char.IsAsciiLetter(tableName[0]) || !tableName.All(char.IsAsciiLetterOrDigit))
            throw new EntityValidationException("TableName", $"'{tableName}' must be 3 to 63 ASCII letters or digits and start with a letter.");
        if (string.Equals(tableName, "tables", StringComparison.OrdinalIgnoreCase))
            throw new EntityValidationException("TableName", "'tables' is reserved.");
    }

    /// <summary>Rejects what the table service forbids in a key: / \ # ? and control characters, or over 1 KiB.</summary>
    public static void ValidateKey(string field, string? key)
    {
        if (key is null) throw new EntityValidationException(field, "is required.");
        if (key.Length > MaxKeyLength)
            throw new EntityValidationException(field, $"a key holds at most {MaxKeyLength} characters; this one has {key.Length}.");
        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?')
                throw new EntityValidationException(field, $"a key cannot contain '{c}'.");
            if (char.IsControl(c))
                throw new EntityValidationException(field, $"a key cannot contain control character U+{(int)c:X4}.");
        }
    }

    private static object Convert(object stored, Column column)
    {
        if (column.EnumType is not null)
            return Enum.TryParse(column.EnumType, stored.ToString(), ignoreCase: false, out var parsed) ? parsed! : Activator.CreateInstance(column.EnumType)!;
        var target = Nullable.GetUnderlyingType(column.Property.PropertyType) ?? column.Property.PropertyType;
        return stored switch
        {
            DateTimeOffset d when target == typeof(DateTime) => d.UtcDateTime,
            DateTime d when target == typeof(DateTimeOffset) => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            _ when target.IsInstanceOfType(stored) => stored,
            _ => System.Convert.ChangeType(stored, target, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    private static long ValueSize(object value) => value switch
    {
        string s => 4 + s.Length * 2L,
        byte[] b => 4 + b.Length,
        Guid => 16,
        bool => 1,
        int => 4,
        _ => 8,
    };

    private static Column[] ColumnsOf(Type type) => Columns.GetOrAdd(type, static t =>
    {
        var columns = new List<Column>();
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (!p.CanRead || !p.CanWrite || p.GetIndexParameters().Length > 0 || SystemNames.Contains(p.Name)) continue;
            var underlying = Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType;
            EdmType? edm = underlying switch
            {
                _ when underlying == typeof(string) => EdmType.String,
                _ when underlying == typeof(bool) => EdmType.Boolean,
                _ when underlying == typeof(int) => EdmType.Int32,
                _ when underlying == typeof(long) => EdmType.Int64,
                _ when underlying == typeof(double) => EdmType.Double,
                _ when underlying == typeof(Guid) => EdmType.Guid,
                _ when underlying == typeof(DateTimeOffset) || underlying == typeof(DateTime) => EdmType.DateTime,
                _ when underlying == typeof(byte[]) => EdmType.Binary,
                _ when underlying.IsEnum => EdmType.String,
                _ => null,
            };
            if (edm is null) continue;
            columns.Add(new Column(p.Name, edm.Value, p, underlying.IsEnum ? underlying : null));
        }
        if (columns.Count > MaxColumns)
            throw new EntityValidationException(t.Name, $"an entity holds at most {MaxColumns} columns.");
        return columns.ToArray();
    });
}
