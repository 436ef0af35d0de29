using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace BotService.Storage.AzureTables;

/// <summary>
/// The OData JSON the Table service speaks. Types JSON can't carry (Int64, Guid, DateTime, Binary) travel with
/// <c>Name@odata.type</c> annotations; Double is annotated too, because 5.0 written as 5 would come back as Int32.
/// </summary>
internal static class TableWireFormat
{
    private const string TypeSuffix = "@odata.type";

    public static byte[] WriteEntity(string partitionKey, string rowKey, IReadOnlyDictionary<string, EntityProperty> properties)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("PartitionKey", partitionKey);
            writer.WriteString("RowKey", rowKey);
            foreach (var (name, property) in properties)
            {
                switch (property.Value)
                {
                    case string s:
                        writer.WriteString(name, s);
                        break;
                    case bool b:
                        writer.WriteBoolean(name, b);
                        break;
                    case int i:
                        writer.WriteNumber(name, i);
                        break;
                    case long l:
                        writer.WriteString(name + TypeSuffix, "Edm.Int64");
                        writer.WriteString(name, l.ToString(CultureInfo.InvariantCulture));
                        break;
                    case double d:
                        writer.WriteString(name + TypeSuffix, "Edm.Double");
                        if (double.IsFinite(d)) writer.WriteNumber(name, d);
                        else writer.WriteString(name, double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
                        break;
                    case Guid g:
                        writer.WriteString(name + TypeSuffix, "Edm.Guid");
                        writer.WriteString(name, g.ToString("D"));
                        break;
                    case DateTimeOffset dto:
                        writer.WriteString(name + TypeSuffix, "Edm.DateTime");
                        writer.WriteString(name, FormatDateTime(dto));
                        break;
                    case byte[] bytes:
                        writer.WriteString(name + TypeSuffix, "Edm.Binary");
                        writer.WriteBase64String(name, bytes);
                        break;
                    default:
                        throw new InvalidOperationException($"Column '{name}' has an unsupported value type {property.Value.GetType()}.");
                }
            }
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    /// <summary>One entity of a response: keys, ETag, Timestamp and typed columns.</summary>
    public sealed record WireEntity(string PartitionKey, string RowKey, string? ETag, DateTimeOffset? Timestamp,
        Dictionary<string, EntityProperty> Properties);

    public static WireEntity ReadEntity(JsonElement element, IReadOnlyDictionary<string, EdmType> schema)
    {
        string pk = "", rk = "";
        string? etag = null;
        DateTimeOffset? timestamp = null;
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            if (p.Name.EndsWith(TypeSuffix, StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String)
                annotations[p.Name[..^TypeSuffix.Length]] = p.Value.GetString()!;
        }

        var properties = new Dictionary<string, EntityProperty>(StringComparer.Ordinal);
        foreach (var p in element.EnumerateObject())
        {
            switch (p.Name)
            {
                case "PartitionKey": pk = p.Value.GetString()!; continue;
                case "RowKey": rk = p.Value.GetString()!; continue;
                case "odata.etag": etag = p.Value.GetString(); continue;
                case "Timestamp":
                    timestamp = DateTimeOffset.Parse(p.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                    continue;
            }
            if (p.Name.StartsWith("odata.", StringComparison.Ordinal) || p.Name.Contains('@') || p.Value.ValueKind == JsonValueKind.Null) continue;

            EdmType? type = annotations.TryGetValue(p.Name, out var annotated) ? ParseEdm(annotated)
                : schema.TryGetValue(p.Name, out var declared) ? declared
                : null;
            properties[p.Name] = ReadValue(p.Name, p.Value, type);
        }
        return new WireEntity(pk, rk, etag, timestamp, properties);
    }

    private static EntityProperty ReadValue(string name, JsonElement value, EdmType? type)
    {
        // Without annotation or schema, infer as the service would: string, bool, Int32 if it fits, else Double.
        type ??= value.ValueKind switch
        {
            JsonValueKind.True or JsonValueKind.False => EdmType.Boolean,
            JsonValueKind.Number when value.TryGetInt32(out _) => EdmType.Int32,
            JsonValueKind.Number => EdmType.Double,
            _ => EdmType.String,
        };
        try
        {
            return type switch
            {
                EdmType.String => new EntityProperty(EdmType.String, value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()),
                EdmType.Boolean => new EntityProperty(EdmType.Boolean, value.GetBoolean()),
                EdmType.Int32 => new EntityProperty(EdmType.Int32, value.ValueKind == JsonValueKind.String
                    ? int.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt32()),
                EdmType.Int64 => new EntityProperty(EdmType.Int64, value.ValueKind == JsonValueKind.String
                    ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetInt64()),
                EdmType.Double => new EntityProperty(EdmType.Double, value.ValueKind == JsonValueKind.String
                    ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble()),
                EdmType.Guid => new EntityProperty(EdmType.Guid, Guid.Parse(value.GetString()!)),
                EdmType.DateTime => new EntityProperty(EdmType.DateTime, DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)),
                EdmType.Binary => new EntityProperty(EdmType.Binary, value.GetBytesFromBase64()),
                _ => throw new ArgumentOutOfRangeException(nameof(type)),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or OverflowException)
        {
            throw new InvalidDataException($"Column '{name}' holds {value.GetRawText()}, which is not a valid {type}.", ex);
        }
    }

    private static EdmType? ParseEdm(string annotation) => annotation switch
    {
        "Edm.String" => EdmType.String,
        "Edm.Boolean" => EdmType.Boolean,
        "Edm.Int32" => EdmType.Int32,
        "Edm.Int64" => EdmType.Int64,
        "Edm.Double" => EdmType.Double,
        "Edm.Guid" => EdmType.Guid,
        "Edm.DateTime" => EdmType.DateTime,
        "Edm.Binary" => EdmType.Binary,
        _ => null,
    };

    /// <summary>The service's error code and message from an <c>odata.error</c> body; empty when there is none.</summary>
    public static (string Code, string Message) ReadError(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty) return ("", "");
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            if (document.RootElement.TryGetProperty("odata.error", out var error))
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() ?? "" : "";
                var message = error.TryGetProperty("message", out var m)
                    ? m.ValueKind == JsonValueKind.Object && m.TryGetProperty("value", out var v) ? v.GetString() ?? "" : m.ToString()
                    : "";
                return (code, message);
            }
        }
        catch (JsonException)
        {
            // Not JSON (e.g. an XML error from a proxy): the status alone has to do.
        }
        return ("", System.Text.Encoding.UTF8.GetString(body.Length > 500 ? body[..500] : body));
    }

    /// <summary>Whether the stored columns hold exactly what was written (all of it, and for a replace nothing else).</summary>
    public static bool SameColumns(IReadOnlyDictionary<string, EntityProperty> written, IReadOnlyDictionary<string, EntityProperty> stored, bool exact)
    {
        if (exact && stored.Count != written.Count) return false;
        foreach (var (name, w) in written)
        {
            if (!stored.TryGetValue(name, out var s)) return false;
            var equal = (w.Value, s.Value) switch
            {
                (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
                (DateTimeOffset a, DateTimeOffset b) => a.UtcTicks == b.UtcTicks,
                (double a, double b) => a.Equals(b),
                (int a, long b) => a == b,
                (long a, int b) => a == b,
                var (a, b) => a.Equals(b),
            };
            if (!equal) return false;
        }
        return true;
    }
}
