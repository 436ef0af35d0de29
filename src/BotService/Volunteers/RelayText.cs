using System.Globalization;
using System.Text;

namespace BotService.Volunteers;

/// <summary>
/// What one side of a relay typed, made safe to hand to the other: control and bidi-override characters go (a line
/// break or a right-to-left override could make relay text look like a message from the bot), and the result is cut
/// into messages that fit Twilio's 1,600-character body limit, which refuses anything longer outright.
/// </summary>
public static class RelayText
{
    public const int MaxBody = 1600;
    public const int MaxParts = 2;
    private const string Cut = " [...]";

    public static string Clean(string text)
    {
        var builder = new StringBuilder(text.Length);
        var lastWasSpace = false;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var drop = category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;
            // Emoji sequences need the zero-width joiner and variation selectors; every other format character
            // (bidi overrides and isolates, invisible marks) is dropped.
            if (rune.Value is 0x200D) drop = false;
            if (drop || Rune.IsWhiteSpace(rune))
            {
                if (!lastWasSpace && builder.Length > 0) builder.Append(' ');
                lastWasSpace = true;
                continue;
            }
            builder.Append(rune.ToString());
            lastWasSpace = false;
        }
        return builder.ToString().Trim();
    }

    /// <summary>
    /// The cleaned text in parts, each of which fits <see cref="MaxBody"/> once <paramref name="format"/> wraps it;
    /// at most <see cref="MaxParts"/>, the last one trimmed with a visible mark when the text was longer still.
    /// </summary>
    public static IReadOnlyList<string> Split(string text, Func<string, string> format)
    {
        var clean = Clean(text);
        var room = MaxBody - format("").Length;
        if (clean.Length <= room) return [format(clean)];
        var parts = new List<string>();
        var rest = clean;
        while (rest.Length > 0 && parts.Count < MaxParts)
        {
            var last = parts.Count == MaxParts - 1;
            var fits = rest.Length <= room;
            var take = fits ? rest.Length : CutPoint(rest, last ? room - Cut.Length : room);
            var part = rest[..take].TrimEnd();
            rest = rest[take..].TrimStart();
            parts.Add(format(last && rest.Length > 0 ? part + Cut : part));
        }
        return parts;
    }

    /// <summary>At a space when there is one near the limit, and never between the halves of a surrogate pair.</summary>
    private static int CutPoint(string text, int limit)
    {
        var space = text.LastIndexOf(' ', limit - 1, Math.Min(limit, 200));
        if (space > 0) return space;
        return char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
    }
}
