using System.Globalization;

namespace BotService.Dialogs.Recognizers;

/// <summary>
/// Finds the first whole number in a loose answer: "3", " 3!", "3/5" (3), "i'm a 3", "its like a 3 today",
/// "three", "tres", "a 10", "cero". Digits and number words (0-20 and tens to 100, English and Spanish)
/// are both accepted whatever the language hint, because members switch languages mid-sentence.
/// Ranges are the prompt's business.
/// </summary>
public static class NumberRecognizer
{
    // "un"/"una" are left out on purpose: they are articles far more often than numbers ("un 3").
    private static readonly Dictionary<string, int> Words = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5,
        ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11,
        ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30,
        ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80,
        ["ninety"] = 90, ["hundred"] = 100,
        ["cero"] = 0, ["uno"] = 1, ["dos"] = 2, ["tres"] = 3, ["cuatro"] = 4, ["cinco"] = 5,
        ["seis"] = 6, ["siete"] = 7, ["ocho"] = 8, ["nueve"] = 9, ["diez"] = 10, ["once"] = 11,
        ["doce"] = 12, ["trece"] = 13, ["catorce"] = 14, ["quince"] = 15, ["dieciseis"] = 16,
        ["diecisiete"] = 17, ["dieciocho"] = 18, ["diecinueve"] = 19, ["veinte"] = 20, ["treinta"] = 30,
        ["cuarenta"] = 40, ["cincuenta"] = 50, ["sesenta"] = 60, ["setenta"] = 70, ["ochenta"] = 80,
        ["noventa"] = 90, ["cien"] = 100, ["ciento"] = 100,
    };

    /// <summary>The first number in <paramref name="text"/>, or null.</summary>
    /// <param name="text">What she texted, as it arrived.</param>
    /// <param name="language">"en" or "es"; a hint only, both are accepted.</param>
    public static int? Recognize(string? text, string? language = null)
    {
        _ = language;
        foreach (var token in TextNormalizer.Tokens(text))
        {
            if (TryToken(token, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>A single token as a number: digits ("12") or a number word ("doce").</summary>
    internal static bool TryToken(string token, out int value)
    {
        if (char.IsAsciiDigit(token[0]))
        {
            // "3rd" or "10x" still start with the number the member meant.
            var digits = token.Length;
            for (var i = 0; i < token.Length; i++)
            {
                if (!char.IsAsciiDigit(token[i]))
                {
                    digits = i;
                    break;
                }
            }

            return int.TryParse(token.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out value);
        }

        return Words.TryGetValue(token, out value);
    }
}
