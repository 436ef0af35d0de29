namespace BotService.Messaging;

/// <summary>
/// Counts how many SMS segments a body costs. Carriers bill and Twilio paces per segment, and one non-GSM character
/// (a smart quote, an "á", an emoji) switches the whole message to UCS-2 and more than doubles the cost, so content
/// authors and the pacer both need this number.
/// </summary>
public static class SmsSegments
{
    public const int Gsm7SingleLimit = 160;
    public const int Gsm7PartLimit = 153;
    public const int Ucs2SingleLimit = 70;
    public const int Ucs2PartLimit = 67;

    // GSM 03.38 basic table, in code-point order of the spec (0x00-0x7F). Note what is NOT here: á í ó ú Á Í Ó Ú ç ¡
    // is present, ¿ is present, but only é, É and the grave vowels made it into the alphabet.
    private const string BasicTable =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    // Reached through the escape code, so each costs two septets. Form feed is part of the extension table too.
    private const string ExtensionTable = "\f^{}\\[~]|€";

    private static readonly HashSet<char> Basic = [.. BasicTable.Where(c => c != '\u001b')];
    private static readonly HashSet<char> Extension = [.. ExtensionTable];

    /// <summary>True when <paramref name="c"/> can be sent in GSM-7 (basic or extension table).</summary>
    public static bool IsGsm7(char c) => Basic.Contains(c) || Extension.Contains(c);

    /// <summary>Segments, encoding and length in units of that encoding (septets for GSM-7, UTF-16 code units for UCS-2).</summary>
    public static (int Segments, SmsEncoding Encoding, int Units) Count(string? body)
    {
        if (string.IsNullOrEmpty(body)) return (1, SmsEncoding.Gsm7, 0);

        var gsm = true;
        var septets = 0;
        foreach (var c in body)
        {
            if (Basic.Contains(c)) septets += 1;
            else if (Extension.Contains(c)) septets += 2;
            else { gsm = false; break; }
        }

        if (gsm)
        {
            if (septets <= Gsm7SingleLimit) return (1, SmsEncoding.Gsm7, septets);
            // Handsets cannot reassemble an escape sequence split across parts, so a two-septet character that
            // would straddle a boundary moves whole into the next part; a plain ceil(septets / 153) undercounts.
            return (PackParts(body, Gsm7PartLimit, c => Extension.Contains(c) ? 2 : 1), SmsEncoding.Gsm7, septets);
        }

        var units = body.Length;
        if (units <= Ucs2SingleLimit) return (1, SmsEncoding.Ucs2, units);
        // Likewise a surrogate pair (an emoji) is never split between two parts.
        return (PackPartsUtf16(body, Ucs2PartLimit), SmsEncoding.Ucs2, units);
    }

    private static int PackParts(string body, int partLimit, Func<char, int> cost)
    {
        var parts = 1;
        var used = 0;
        foreach (var c in body)
        {
            var n = cost(c);
            if (used + n > partLimit) { parts++; used = 0; }
            used += n;
        }
        return parts;
    }

    private static int PackPartsUtf16(string body, int partLimit)
    {
        var parts = 1;
        var used = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var n = char.IsHighSurrogate(body[i]) && i + 1 < body.Length && char.IsLowSurrogate(body[i + 1]) ? 2 : 1;
            if (used + n > partLimit) { parts++; used = 0; }
            used += n;
            i += n - 1;
        }
        return parts;
    }
}
