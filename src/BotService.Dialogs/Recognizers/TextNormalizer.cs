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
    // Every surrogate (paired ones are checked one by one) plus the two noncharacters normalization refuses.
    private static readonly SearchValues<char> Suspect = SearchValues.Create(
        string.Concat(Enumerable.Range(0xD800, 0x800).Select(c => (char)c)) + "\uFFFE\uFFFF");

    /// <summary>
    /// <paramref name="text"/> with every unpaired surrogate, and U+FFFE and U+FFFF, replaced by U+FFFD. Unicode
    /// normalization throws on them, and a webhook or an activity can carry them (fuzzed forms, JSON \ud800 escapes):
    /// one such text must not cost a member her reply.
    /// </summary>
    public static string WellFormed(string text)
    {
        var first = text.AsSpan().IndexOfAny(Suspect);
        if (first < 0) return text;
        char[]? fixedUp = null;
        for (var i = first; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (!char.IsSurrogate(text[i]) && text[i] is not ('\uFFFE' or '\uFFFF')) continue;
            fixedUp ??= text.ToCharArray();
            fixedUp[i] = '\uFFFD';
        }
        return fixedUp is null ? text : new string(fixedUp);
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
