namespace BotService.Privacy;

/// <summary>
/// E.164 normalization. Members type and carriers send numbers in many shapes; everything downstream
/// (keyed hashes, encryption, Twilio) needs exactly one spelling per phone.
/// </summary>
public static class PhoneNumber
{
    /// <summary>Normalizes to E.164 (+15551234567). National numbers without a country code are read as
    /// North American (the service's home region); 10 digits whose area code starts 2-9, or 11 starting with 1.</summary>
    public static bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > 40) return false;
        var span = input.AsSpan().Trim();
        var international = false;
        if (span.StartsWith("+")) { international = true; span = span[1..]; }
        else if (span.StartsWith("00")) { international = true; span = span[2..]; }

        Span<char> digits = stackalloc char[20];
        var count = 0;
        foreach (var c in span)
        {
            if (char.IsAsciiDigit(c))
            {
                if (count == digits.Length) return false;
                digits[count++] = c;
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')')) return false;
        }
        var number = new string(digits[..count]);
        if (!international)
        {
            if (count == 10 && number[0] is >= '2' and <= '9') number = "1" + number;
            else if (!(count == 11 && number[0] == '1')) return false;
        }
        // E.164: at most 15 digits, country codes never start with 0; shorter than 8 is no real subscriber number.
        if (number.Length is < 8 or > 15 || number[0] == '0') return false;
        if (number[0] == '1' && (number.Length != 11 || number[1] is '0' or '1')) return false;
        e164 = "+" + number;
        return true;
    }

    /// <summary>Normalizes or throws a <see cref="FormatException"/> that says what was wrong (without echoing the number).</summary>
    public static string Normalize(string? input) => TryNormalize(input, out var e164)
        ? e164
        : throw new FormatException("Not a phone number: expected E.164 like +15551234567, or a 10-digit North American number.");

    /// <summary>The last two digits, for the rare human-facing hint ("the number ending 67"). Never log more.</summary>
    public static string Tail(string e164) => e164.Length > 2 ? e164[^2..] : "";
}
