using System.Buffers;
using System.Globalization;
using System.Text;

namespace BotService.Dialogs.Recognizers;

/// <summary>
/// Folds what people type on phones into one comparable form: lower case, no accents ("sí" = "si",
/// "mañana" = "manana"), punctuation turned into spaces, single spaces.
/// </summary>
public static class TextNormalizer
{
    // Every surrogate (paired ones are checked one by one), the two noncharacters normalization refuses, the C0 and C1
    // controls other than tab and line breaks (NUL, escape sequences), and the bidi overrides and isolates that can
    // make a relayed text read as something else.
    private static readonly SearchValues<char> Suspect = SearchValues.Create(
        string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)) + "\uFFFE\uFFFF"
        + string.Concat(Enumerable.Range(0, 0x20).Where(c => c is not ('\t' or '\n' or '\r')).Select(c => (char)c))
        + string.Concat(Enumerable.Range(0x7F, 0x21).Select(c => (char)c))
        + "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069");

    /// <summary>
    /// <paramref name="text"/> with every unpaired surrogate, and U+FFFE and U+FFFF, replaced by U+FFFD, and control
    /// and bidi-override characters removed. Unicode normalization throws on the first kind, and a webhook or an
    /// activity can carry them (fuzzed forms, JSON \ud800 escapes); a phone can send a NUL or an escape sequence.
    /// None of them may cost a member her reply.
    /// </summary>
    public static string WellFormed(string text)
    {
        var first = text.AsSpan().IndexOfAny(Suspect);
        if (first < 0) return text;
        StringBuilder? builder = null;
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }
            var keep = !char.IsSurrogate(c) && !Suspect.Contains(c);
            if (keep)
            {
                builder?.Append(c);
                continue;
            }
            // Text stays the same instance until the first character that has to change.
            builder ??= new StringBuilder(text.Length).Append(text, 0, i);
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF') builder.Append('\uFFFD');
        }
        return builder?.ToString() ?? text;
    }

    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = WellFormed(text).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var lastWasSpace = true;
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
                lastWasSpace = false;
            }
            else if (!lastWasSpace)
            {
                builder.Append(' ');
                lastWasSpace = true;
            }
        }

        return builder.ToString().TrimEnd();
    }

    public static string[] Tokens(string? text) => Normalize(text).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>"es", "es-US", "es_MX" are Spanish; anything else is treated as English.</summary>
    public static string Language(string? locale)
        => locale is { Length: >= 2 } && locale.StartsWith("es", StringComparison.OrdinalIgnoreCase) ? "es" : "en";

    /// <summary>True when <paramref name="phrase"/> (normalized) occurs in <paramref name="normalizedText"/> as whole words.</summary>
    internal static bool ContainsPhrase(string normalizedText, string phrase)
    {
        if (phrase.Length == 0)
        {
            return false;
        }

        var start = 0;
        while ((start = normalizedText.IndexOf(phrase, start, StringComparison.Ordinal)) >= 0)
        {
            var end = start + phrase.Length;
            var leftOk = start == 0 || normalizedText[start - 1] == ' ';
            var rightOk = end == normalizedText.Length || normalizedText[end] == ' ';
            if (leftOk && rightOk)
            {
                return true;
            }

            start++;
        }

        return false;
    }

    /// <summary>Edit distance where swapping two neighbouring letters counts as one typo.</summary>
    internal static int TypoDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
