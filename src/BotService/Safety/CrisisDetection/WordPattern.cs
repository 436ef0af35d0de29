using System.Globalization;

namespace BotService.Safety.CrisisDetection;

/// <summary>
/// A run of words from a concept or idiom list: "not ... wake up", "end it all", "heat|sun ... killing me".
/// "..." lets up to two other words (or "...N", up to five) sit between two words; "|" gives choices for one word.
/// Gaps are bounded, so matching tries a handful of positions per step and can never blow up.
/// </summary>
internal sealed class WordPattern
{
    internal const int DefaultGap = 2;
    private const int MaxGap = 5;

    private WordPattern(string text, Step[] steps)
    {
        Text = text;
        Steps = steps;
    }

    /// <summary>The pattern as written in the file, for error messages and ids.</summary>
    public string Text { get; }

    public Step[] Steps { get; }

    /// <summary>Parses a pattern; <paramref name="normalize"/> turns one written word into the words the matcher compares.</summary>
    internal static WordPattern Parse(string text, Func<string, IReadOnlyList<string>> normalize, string sourceName)
    {
        var steps = new List<Step>();
        var gap = 0;
        foreach (var piece in text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (piece.StartsWith("...", StringComparison.Ordinal))
            {
                if (steps.Count == 0 || gap > 0)
                {
                    throw new InvalidDataException($"{sourceName}: '{text}': '...' must sit between two words.");
                }

                gap = piece.Length == 3 ? DefaultGap
                    : int.TryParse(piece.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxGap ? n
                    : throw new InvalidDataException($"{sourceName}: '{text}': write '...' or '...1' to '...{MaxGap}'.");
                continue;
            }

            var alternatives = piece.Split('|', StringSplitOptions.RemoveEmptyEntries);
            if (alternatives.Length == 1)
            {
                var words = normalize(piece);
                if (words.Count == 0)
                {
                    throw new InvalidDataException($"{sourceName}: '{text}': '{piece}' has no letters.");
                }

                foreach (var word in words)
                {
                    steps.Add(new Step([word], gap));
                    gap = 0;
                }

                continue;
            }

            var choices = new List<string>();
            foreach (var alternative in alternatives)
            {
                var words = normalize(alternative);
                if (words.Count != 1)
                {
                    throw new InvalidDataException(
                        $"{sourceName}: '{text}': each choice in '{piece}' must be one word, but '{alternative}' becomes '{string.Join(' ', words)}'. Write separate entries instead.");
                }

                choices.Add(words[0]);
            }

            steps.Add(new Step(choices.Distinct(StringComparer.Ordinal).ToArray(), gap));
            gap = 0;
        }

        if (steps.Count == 0 || gap > 0)
        {
            throw new InvalidDataException($"{sourceName}: '{text}' is empty or ends with '...'.");
        }

        return new WordPattern(text, steps.ToArray());
    }

    /// <summary>Index of the last word matched when the pattern starts at <paramref name="start"/>, or -1.</summary>
    internal int MatchAt(ReadOnlySpan<string> words, int start) =>
        Array.IndexOf(Steps[0].Words, words[start]) < 0 ? -1 : MatchFrom(1, words, start);

    private int MatchFrom(int step, ReadOnlySpan<string> words, int previous)
    {
        if (step == Steps.Length)
        {
            return previous;
        }

        var current = Steps[step];
        var last = Math.Min(words.Length - 1, previous + 1 + current.GapBefore);
        for (var p = previous + 1; p <= last; p++)
        {
            if (Array.IndexOf(current.Words, words[p]) >= 0)
            {
                var end = MatchFrom(step + 1, words, p);
                if (end >= 0)
                {
                    return end;
                }
            }
        }

        return -1;
    }

    internal sealed record Step(string[] Words, int GapBefore);
}
