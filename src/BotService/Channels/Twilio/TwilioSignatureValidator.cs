using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace BotService.Channels.Twilio;

/// <summary>
/// Checks the X-Twilio-Signature of a webhook: base64(HMAC-SHA1(auth token, url + name/value pairs sorted by name)).
/// </summary>
/// <remarks>
/// Repeated parameter names: Twilio's helper libraries sort a name's values and drop duplicates before
/// concatenating, so that form is tried first; the values in the order received are accepted too, because that is the
/// other reading of the documented algorithm and either way the signer must know the auth token.
/// The URL is tried as given and with the scheme's default port added or removed: Twilio signs whatever was
/// configured on the number, and proxies disagree about whether ":443" is part of it.
/// Why ours and not Twilio's SDK (<c>Twilio.Security.RequestValidator</c>): Twilio's documentation asks a validator to
/// accept the URL with or without the default port, and the SDK's (8.2) does not in one direction: a signature made
/// over https://host/path is rejected when the request is seen as https://host:443/path. It also re-parses the URL with
/// <see cref="Uri"/>, which rewrites some paths (dot segments, non-ASCII) before the port is toggled, and it takes one
/// value per parameter name. The tests check every signature vector against the SDK too, for the URL as signed.
/// </remarks>
public sealed class TwilioSignatureValidator
{
    public const string HeaderName = "X-Twilio-Signature";

    // HMAC-SHA1 is 20 bytes; anything of another length cannot match, so it is rejected before hashing.
    private const int SignatureBytes = 20;

    /// <summary>True when <paramref name="signature"/> signs <paramref name="url"/> with exactly these parameters.</summary>
    public static bool IsValid(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters, string? signature)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (string.IsNullOrEmpty(authToken) || string.IsNullOrEmpty(signature)) return false;
        Span<byte> presented = stackalloc byte[SignatureBytes];
        if (!Convert.TryFromBase64String(signature.Trim(), presented, out var written) || written != SignatureBytes) return false;

        var list = parameters as IReadOnlyList<KeyValuePair<string, string>> ?? parameters.ToList();
        // Sorted once by name (then value); the parameter part is the same for every URL variant, so it is encoded once,
        // straight to UTF-8 in a pooled buffer, and the URL is fed to the HMAC beside it rather than concatenated.
        var order = SortedIndexes(list, byValue: true);
        var repeated = HasRepeatedNames(list, order);
        var sorted = Utf8Canonical(list, order, distinctValues: true);
        var asReceived = repeated ? Utf8Canonical(list, SortedIndexes(list, byValue: false), distinctValues: false) : default;
        try
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Encoding.UTF8.GetBytes(authToken));
            var matched = false;
            foreach (var candidateUrl in UrlVariants(url))
            {
                // Every candidate is checked, valid or not, so the time taken does not say which form matched.
                matched |= Matches(hmac, candidateUrl, sorted, presented);
                if (repeated) matched |= Matches(hmac, candidateUrl, asReceived, presented);
            }
            return matched;
        }
        finally
        {
            sorted.Return();
            if (repeated) asReceived.Return();
        }
    }

    /// <summary>The signature Twilio would send for this request (helper-library form); for tests and the dev tools.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Twilio defines its request signature as HMAC-SHA1; we must check it the way Twilio computes it.")]
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = url + Canonical(parameters.ToList(), sortValues: true);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data)));
    }

    /// <summary>JSON webhooks sign the URL only and carry the body's SHA-256 (hex) in the bodySHA256 query parameter.</summary>
    public static bool IsValidJsonBody(string authToken, string url, string body, string? signature)
    {
        if (!IsValid(authToken, url, [], signature)) return false;
        var expected = Query(url, "bodySHA256");
        if (expected is null) return false;
        var actual = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(actual), Encoding.ASCII.GetBytes(expected.ToLowerInvariant()));
    }

    private static bool Matches(IncrementalHash hmac, string url, PooledUtf8 parameters, ReadOnlySpan<byte> presented)
    {
        var urlBytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(url.Length));
        try
        {
            hmac.AppendData(urlBytes, 0, Encoding.UTF8.GetBytes(url, urlBytes));
            hmac.AppendData(parameters.Bytes, 0, parameters.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(urlBytes);
        }
        Span<byte> expected = stackalloc byte[SignatureBytes];
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>Parameter positions ordered by name, then by value (helper-library form) or by arrival (as received).
    /// Ordinal = UTF-16 code unit order, which is what the helper libraries' default string sort does.</summary>
    private static int[] SortedIndexes(IReadOnlyList<KeyValuePair<string, string>> parameters, bool byValue)
    {
        var order = new int[parameters.Count];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            var byName = string.CompareOrdinal(parameters[a].Key, parameters[b].Key);
            if (byName != 0) return byName;
            var byContent = byValue ? string.CompareOrdinal(parameters[a].Value ?? "", parameters[b].Value ?? "") : 0;
            return byContent != 0 ? byContent : a.CompareTo(b);
        });
        return order;
    }

    private static bool HasRepeatedNames(IReadOnlyList<KeyValuePair<string, string>> parameters, int[] order)
    {
        for (var i = 1; i < order.Length; i++)
            if (string.Equals(parameters[order[i - 1]].Key, parameters[order[i]].Key, StringComparison.Ordinal)) return true;
        return false;
    }

    private static string Canonical(IReadOnlyList<KeyValuePair<string, string>> parameters, bool sortValues)
    {
        var encoded = Utf8Canonical(parameters, SortedIndexes(parameters, sortValues), distinctValues: sortValues);
        try { return Encoding.UTF8.GetString(encoded.Bytes, 0, encoded.Length); }
        finally { encoded.Return(); }
    }

    /// <summary>name + value for each parameter in <paramref name="order"/>, as UTF-8; with <paramref name="distinctValues"/>
    /// a value repeated under the same name counts once (the helper libraries drop such duplicates).</summary>
    private static PooledUtf8 Utf8Canonical(IReadOnlyList<KeyValuePair<string, string>> parameters, int[] order, bool distinctValues)
    {
        var chars = 0;
        foreach (var (name, value) in parameters) chars += name.Length + (value?.Length ?? 0);
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, Encoding.UTF8.GetMaxByteCount(chars)));
        var length = 0;
        for (var i = 0; i < order.Length; i++)
        {
            var (name, value) = parameters[order[i]];
            value ??= "";
            if (distinctValues && i > 0 && parameters[order[i - 1]].Key == name && (parameters[order[i - 1]].Value ?? "") == value) continue;
            length += Encoding.UTF8.GetBytes(name, bytes.AsSpan(length));
            length += Encoding.UTF8.GetBytes(value, bytes.AsSpan(length));
        }
        return new PooledUtf8(bytes, length);
    }

    private readonly record struct PooledUtf8(byte[] Bytes, int Length)
    {
        public void Return() => ArrayPool<byte>.Shared.Return(Bytes);
    }

    /// <summary>The URL as given, then with the default port toggled (added when absent, removed when present).</summary>
    internal static IEnumerable<string> UrlVariants(string url)
    {
        yield return url;
        var schemeEnd = url.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) yield break;
        var scheme = url[..schemeEnd].ToLowerInvariant();
        var defaultPort = scheme switch { "https" => "443", "http" => "80", _ => null };
        if (defaultPort is null) yield break;

        var authorityStart = schemeEnd + 3;
        var authorityEnd = url.IndexOfAny(['/', '?', '#'], authorityStart);
        if (authorityEnd < 0) authorityEnd = url.Length;
        var authority = url[authorityStart..authorityEnd];
        var hostStart = authority.LastIndexOf('@') + 1;
        // In an IPv6 literal the colons before ']' are not the port separator.
        var portColon = authority.IndexOf(':', Math.Max(hostStart, authority.LastIndexOf(']') + 1));
        string toggled;
        if (portColon < 0) toggled = authority + ":" + defaultPort;
        else if (authority[(portColon + 1)..] == defaultPort) toggled = authority[..portColon];
        else yield break;
        yield return url[..authorityStart] + toggled + url[authorityEnd..];
    }

    private static string? Query(string url, string name)
    {
        var q = url.IndexOf('?');
        if (q < 0) return null;
        var end = url.IndexOf('#', q);
        var query = end < 0 ? url[(q + 1)..] : url[(q + 1)..end];
        foreach (var pair in query.Split('&'))
        {
            var eq = pair.IndexOf('=');
            var key = eq < 0 ? pair : pair[..eq];
            if (Uri.UnescapeDataString(key) == name) return eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
        }
        return null;
    }
}
