using System.Globalization;
using System.Text;

namespace BotService.Storage.AzureTables;

/// <summary>
/// The OData $batch envelope: a multipart/mixed body holding one changeset whose parts are whole HTTP requests,
/// and the parser for the service's multipart answer.
/// </summary>
internal static class TableBatchWire
{
    public sealed record Part(string Method, string Url, string? IfMatch, byte[]? Json);

    public sealed record PartResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    public static (byte[] Body, string ContentType) Build(IReadOnlyList<Part> parts)
    {
        var batch = "batch_" + Guid.NewGuid().ToString("N");
        var changeset = "changeset_" + Guid.NewGuid().ToString("N");
        var body = new StringBuilder();
        // The multipart grammar wants CRLF line ends; a bare LF makes the service reject the whole batch.
        body.Append("--").Append(batch).Append("\r\n");
        body.Append("Content-Type: multipart/mixed; boundary=").Append(changeset).Append("\r\n\r\n");
        foreach (var part in parts)
        {
            body.Append("--").Append(changeset).Append("\r\n");
            body.Append("Content-Type: application/http\r\n");
            body.Append("Content-Transfer-Encoding: binary\r\n\r\n");
            body.Append(part.Method).Append(' ').Append(part.Url).Append(" HTTP/1.1\r\n");
            body.Append("Accept: ").Append(AzureTableStore.JsonMetadata).Append("\r\n");
            body.Append("DataServiceVersion: 3.0\r\n");
            if (part.IfMatch is not null) body.Append("If-Match: ").Append(part.IfMatch).Append("\r\n");
            if (part.Json is not null)
            {
                body.Append("Content-Type: application/json\r\n");
                body.Append("Prefer: return-no-content\r\n");
                body.Append("Content-Length: ").Append(part.Json.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
                body.Append(Encoding.UTF8.GetString(part.Json));
            }
            body.Append("\r\n");
        }
        body.Append("--").Append(changeset).Append("--\r\n");
        body.Append("--").Append(batch).Append("--\r\n");
        return (Encoding.UTF8.GetBytes(body.ToString()), "multipart/mixed; boundary=" + batch);
    }

    /// <summary>Every HTTP response found in the (possibly nested) multipart body, in order.</summary>
    public static List<PartResponse> Parse(string contentType, string body)
    {
        var result = new List<PartResponse>();
        ParseMultipart(contentType, body, result);
        return result;
    }

    private static void ParseMultipart(string contentType, string body, List<PartResponse> result)
    {
        var boundary = Boundary(contentType) ?? throw new InvalidDataException($"Batch response has no multipart boundary: '{contentType}'.");
        var delimiter = "--" + boundary;
        foreach (var rawPart in body.Split(delimiter).Skip(1))
        {
            if (rawPart.StartsWith("--", StringComparison.Ordinal)) break;
            var (headers, content) = SplitHeaders(rawPart.TrimStart('\r', '\n'));
            var partType = headers.GetValueOrDefault("Content-Type", "");
            if (partType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
            {
                ParseMultipart(partType, content, result);
            }
            else if (partType.StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
            {
                var newline = content.IndexOf('\n');
                var statusLine = (newline < 0 ? content : content[..newline]).Trim();
                var fields = statusLine.Split(' ', 3);
                if (fields.Length < 2 || !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
                    throw new InvalidDataException($"Batch response part has no HTTP status line: '{statusLine}'.");
                var (innerHeaders, innerBody) = SplitHeaders(newline < 0 ? "" : content[(newline + 1)..]);
                result.Add(new PartResponse(status, innerHeaders, innerBody.TrimEnd('\r', '\n')));
            }
        }
    }

    private static (Dictionary<string, string> Headers, string Remainder) SplitHeaders(string text)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (position < text.Length)
        {
            var end = text.IndexOf('\n', position);
            if (end < 0) end = text.Length;
            var line = text[position..end].TrimEnd('\r');
            position = Math.Min(end + 1, text.Length);
            if (line.Length == 0) break;
            var colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return (headers, text[position..]);
    }

    private static string? Boundary(string contentType)
    {
        foreach (var parameter in contentType.Split(';'))
        {
            var trimmed = parameter.Trim();
            if (trimmed.StartsWith("boundary=", StringComparison.OrdinalIgnoreCase))
                return trimmed["boundary=".Length..].Trim('"');
        }
        return null;
    }

    /// <summary>The index a failed batch names at the start of its error message ("2:The specified entity...").</summary>
    public static int? FailedIndex(string message)
    {
        var colon = message.IndexOf(':');
        return colon > 0 && int.TryParse(message.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : null;
    }
}
