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
        var key = Encoding.UTF8.GetBytes(authToken);
        // The parameter part is the same for every URL variant: build it once (it is most of the work).
        var sorted = Canonical(list, sortValues: true);
        var asReceived = HasRepeatedNames(list) ? Canonical(list, sortValues: false) : null;
        var matched = false;
        foreach (var candidateUrl in UrlVariants(url))
        {
            // Every candidate is checked, valid or not, so the time taken does not say which form matched.
            matched |= Matches(key, candidateUrl + sorted, presented);
            if (asReceived is not null) matched |= Matches(key, candidateUrl + asReceived, presented);
        }
        return matched;
    }

    /// <summary>The signature Twilio would send for this request (helper-library form); for tests and the dev tools.</summary>
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

    private static bool Matches(byte[] key, string data, ReadOnlySpan<byte> presented)
    {
        Span<byte> expected = stackalloc byte[SignatureBytes];
        HMACSHA1.HashData(key, Encoding.UTF8.GetBytes(data), expected);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    private static bool HasRepeatedNames(IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, _) in parameters)
            if (!seen.Add(name)) return true;
        return false;
    }

    private static string Canonical(IReadOnlyList<KeyValuePair<string, string>> parameters, bool sortValues)
    {
        var builder = new StringBuilder();
        // Ordinal = UTF-16 code unit order, which is what the helper libraries' default string sort does.
        foreach (var group in parameters.GroupBy(p => p.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            IEnumerable<string> values = group.Select(p => p.Value ?? "");
            if (sortValues) values = values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            foreach (var value in values) builder.Append(group.Key).Append(value);
        }
        return builder.ToString();
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
