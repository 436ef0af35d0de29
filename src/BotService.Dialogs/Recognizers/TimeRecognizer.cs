using System.Globalization;
using System.Text.RegularExpressions;

namespace BotService.Dialogs.Recognizers;

/// <summary>
/// A time of day from "8", "8am", "8 am", "8:30 pm", "830pm", "20:00", "8.30", "noon", "mediodia",
/// "8 de la mañana", "8 de la noche", "eight pm", "ocho de la noche". A bare hour is read as written on a
/// 24-hour clock ("8" is 08:00); the host may ask again when that is ambiguous for it.
/// </summary>
public static partial class TimeRecognizer
{
    private static readonly Dictionary<string, TimeOnly> Named = new(StringComparer.Ordinal)
    {
        ["noon"] = new(12, 0), ["midday"] = new(12, 0), ["mediodia"] = new(12, 0), ["medio dia"] = new(12, 0),
        ["midnight"] = new(0, 0), ["medianoche"] = new(0, 0), ["media noche"] = new(0, 0),
    };

    private static readonly string[] MorningWords = ["am", "a", "a m", "de la manana", "en la manana", "por la manana", "de la madrugada", "in the morning", "morning"];
    private static readonly string[] AfternoonWords = ["pm", "p", "p m", "de la tarde", "in the afternoon", "afternoon", "tarde", "en la tarde", "por la tarde", "in the evening", "evening"];
    private static readonly string[] NightWords = ["de la noche", "en la noche", "por la noche", "at night", "night", "tonight", "noche"];

    /// <param name="text">What she texted, as it arrived.</param>
    /// <param name="language">"en" or "es"; a hint only, both are accepted.</param>
    public static TimeOnly? Recognize(string? text, string? language = null)
    {
        _ = language;
        var normalized = TextNormalizer.Normalize(WithDigitsForWords(text));
        if (normalized.Length == 0)
        {
            return null;
        }

        var match = TimePattern().Match(normalized);
        if (!match.Success)
        {
            foreach (var (name, time) in Named)
            {
                if (TextNormalizer.ContainsPhrase(normalized, name))
                {
                    return time;
                }
            }

            return null;
        }

        var hour = int.Parse(match.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = match.Groups["m"].Success ? int.Parse(match.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (minute > 59)
        {
            return null;
        }

        var rest = normalized[(match.Index + match.Length)..].Trim();
        hour = ApplyMeridiem(hour, rest) ?? -1;
        return hour is >= 0 and <= 23 ? new TimeOnly(hour, minute) : null;
    }

    private static int? ApplyMeridiem(int hour, string rest)
    {
        if (StartsWithAny(rest, MorningWords))
        {
            return hour switch { 12 => 0, >= 1 and < 12 => hour, _ => null };
        }

        if (StartsWithAny(rest, AfternoonWords))
        {
            return hour switch { 12 => 12, >= 1 and < 12 => hour + 12, >= 13 and <= 23 => hour, _ => null };
        }

        if (StartsWithAny(rest, NightWords))
        {
            // "12 de la noche" is midnight; "3 de la noche" is read as late night, 03:00, as people say it.
            return hour switch { 12 => 0, >= 1 and <= 4 => hour, >= 5 and < 12 => hour + 12, >= 13 and <= 23 => hour, _ => null };
        }

        return hour;
    }

    private static bool StartsWithAny(string rest, string[] words)
        => words.Any(w => rest == w || rest.StartsWith(w + " ", StringComparison.Ordinal));

    // "eight pm" / "ocho de la noche": number words become digits so one pattern handles both.
    private static string WithDigitsForWords(string? text)
    {
        var tokens = TextNormalizer.Tokens(text);
        if (tokens.Any(t => char.IsAsciiDigit(t[0])))
        {
            return text ?? "";
        }

        return string.Join(' ', tokens.Select(t => NumberRecognizer.TryToken(t, out var n) && n <= 59 ? n.ToString(CultureInfo.InvariantCulture) : t));
    }

    // After normalizing, "8:30" and "8.30" read "8 30" and "830" stays whole; "h" covers "20h00".
    [GeneratedRegex(@"(?<![0-9])(?<h>[0-9]{1,2})(?:(?: |h)(?<m>[0-9]{2})|(?<m>[0-9]{2}))?(?![0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();
}
