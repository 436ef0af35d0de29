using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace BotService.Storage.Sqlite;

/// <summary>
/// Serializes columns as a compact JSON object <c>{"Name":["tag",value],...}</c>. The tag keeps the EDM type, so a
/// value reads back with the type it was written with even if the entity class changed since.
/// </summary>
internal static class SqlitePayload
{
    // The default encoder writes every quote as \u0022 and every non-ASCII letter as \uXXXX: a dialog state (JSON inside
    // a string) grew by half and passed SQLite's ~1 KB in-page limit, so its updates also rewrote overflow pages. This
    // text never reaches a browser; quotes, backslashes and control characters are still escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // One buffer and writer per thread, reused: growing a fresh buffer for every row written was a fifth of everything
    // the bot allocated under load (a dialog state is a few KB), and those collections are what pauses every turn.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    private const int KeepBufferUpToBytes = 64 * 1024;

    public static string Write(IReadOnlyDictionary<string, EntityProperty> properties)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            foreach (var (name, property) in properties)
            {
                writer.WriteStartArray(name);
                writer.WriteStringValue(Tag(property.Type));
                switch (property.Value)
                {
                    case string s: writer.WriteStringValue(s); break;
                    case bool b: writer.WriteBooleanValue(b); break;
                    case int i: writer.WriteNumberValue(i); break;
                    case long l: writer.WriteNumberValue(l); break;
                    // JSON has no NaN or infinities; those travel as their invariant names.
                    case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
                    case double d: writer.WriteStringValue(d.ToString("R", CultureInfo.InvariantCulture)); break;
                    case Guid g: writer.WriteStringValue(g.ToString("D")); break;
                    case DateTimeOffset dto: writer.WriteStringValue(dto.UtcDateTime.Ticks.ToString(CultureInfo.InvariantCulture)); break;
                    case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
                    default: throw new InvalidOperationException($"Column '{name}' has an unsupported value type {property.Value.GetType()}.");
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
            writer.Flush();
            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch
        {
            // A half-written document must not leak into the next row: start over with fresh ones.
            t_writer = null;
            t_buffer = null;
            throw;
        }
        finally
        {
            // A rare huge row (a long note) should not stay pinned to the thread.
            if (t_buffer is { Capacity: > KeepBufferUpToBytes })
            {
                t_buffer = null;
                t_writer = null;
            }
        }
    }

    public static Dictionary<string, EntityProperty> Read(string json)
    {
        var result = new Dictionary<string, EntityProperty>(StringComparer.Ordinal);
        using var document = JsonDocument.Parse(json);
        foreach (var column in document.RootElement.EnumerateObject())
        {
            var tag = column.Value[0].GetString();
            var value = column.Value[1];
            result[column.Name] = tag switch
            {
                "s" => new EntityProperty(EdmType.String, value.GetString()!),
                "b" => new EntityProperty(EdmType.Boolean, value.GetBoolean()),
                "i" => new EntityProperty(EdmType.Int32, value.GetInt32()),
                "l" => new EntityProperty(EdmType.Int64, value.GetInt64()),
                "d" => new EntityProperty(EdmType.Double, value.ValueKind == JsonValueKind.String
                    ? double.Parse(value.GetString()!, CultureInfo.InvariantCulture) : value.GetDouble()),
                "g" => new EntityProperty(EdmType.Guid, Guid.Parse(value.GetString()!)),
                "t" => new EntityProperty(EdmType.DateTime, new DateTimeOffset(long.Parse(value.GetString()!, CultureInfo.InvariantCulture), TimeSpan.Zero)),
                "x" => new EntityProperty(EdmType.Binary, value.GetBytesFromBase64()),
                _ => throw new InvalidDataException($"Column '{column.Name}' has an unknown type tag '{tag}'."),
            };
        }
        return result;
    }

    private static string Tag(EdmType type) => type switch
    {
        EdmType.String => "s",
        EdmType.Boolean => "b",
        EdmType.Int32 => "i",
        EdmType.Int64 => "l",
        EdmType.Double => "d",
        EdmType.Guid => "g",
        EdmType.DateTime => "t",
        EdmType.Binary => "x",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
