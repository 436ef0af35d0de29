namespace BotService.Dialogs.Recognizers;

/// <summary>
/// Finds which listed choice a member meant: by its number ("2", "#2", "2.", "two", "dos") or by its title or a
/// synonym, ignoring case and accents, allowing one typo in words of five or more letters. Ambiguous answers
/// (two choices match equally well) are not recognized, so the prompt asks again rather than guessing.
/// </summary>
public static class ChoiceRecognizer
{
    private const int MinTypoLength = 5;

    /// <param name="text">What she texted, as it arrived.</param>
    /// <param name="choices">The options offered, in the order they were listed.</param>
    /// <param name="language">"en" or "es"; a hint only, both are accepted.</param>
    public static FoundChoice? Recognize(string? text, IReadOnlyList<Choice> choices, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var normalized = TextNormalizer.Normalize(text);
        if (normalized.Length == 0 || choices.Count == 0)
        {
            return null;
        }

        var candidates = choices
            .Select((choice, index) => (Index: index, Terms: Terms(choice)))
            .ToList();

        // Titles first, so a choice literally named "8 am" is not read as choice number 8.
        var index = Unique(candidates.Where(c => c.Terms.Contains(normalized)))
                    ?? Unique(LongestPhraseMatches(normalized, candidates))
                    ?? ByNumber(normalized, choices.Count)
                    ?? Unique(candidates.Where(c => c.Terms.Any(term => IsOneTypoAway(normalized, term))))
                    ?? Unique(candidates.Where(c => c.Terms.Any(term => IsWordWithinTitle(normalized, term))));
        return index is { } i ? new FoundChoice(choices[i].Value, i) : null;
    }

    private static HashSet<string> Terms(Choice choice)
    {
        var terms = new HashSet<string>(StringComparer.Ordinal) { TextNormalizer.Normalize(choice.Value) };
        foreach (var synonym in choice.Synonyms ?? [])
        {
            terms.Add(TextNormalizer.Normalize(synonym));
        }

        terms.Remove("");
        return terms;
    }

    // "i want to talk to a peer" contains the title "talk to a peer": the longest contained term wins.
    private static IEnumerable<(int Index, HashSet<string> Terms)> LongestPhraseMatches(string text, List<(int Index, HashSet<string> Terms)> candidates)
    {
        var hits = candidates
            .Select(c => (Candidate: c, Length: c.Terms.Where(t => TextNormalizer.ContainsPhrase(text, t)).Select(t => t.Length).DefaultIfEmpty(0).Max()))
            .Where(h => h.Length > 0)
            .ToList();
        if (hits.Count == 0)
        {
            return [];
        }

        var best = hits.Max(h => h.Length);
        return hits.Where(h => h.Length == best).Select(h => h.Candidate);
    }

    private static int? ByNumber(string text, int count)
    {
        var tokens = text.Split(' ');

        // Only short answers count as a number pick ("2", "#2", "option 2", "la 2"); a sentence with a number in it is not.
        if (tokens.Length > 3)
        {
            return null;
        }

        var number = NumberRecognizer.Recognize(text);
        return number is >= 1 && number <= count ? number - 1 : null;
    }

    // The whole answer against a term, or one word of a longer answer ("i feel anxius") against a one-word term.
    private static bool IsOneTypoAway(string text, string term)
        => IsTypo(text, term) || (!term.Contains(' ') && text.Split(' ').Any(word => IsTypo(word, term)));

    private static bool IsTypo(string a, string b)
        => a.Length >= MinTypoLength && b.Length >= MinTypoLength && Math.Abs(a.Length - b.Length) <= 1
           && TextNormalizer.TypoDistance(a, b) <= 1;

    // A single distinctive word of a multi-word title: "peer" for "Talk to a peer".
    private static bool IsWordWithinTitle(string text, string term)
        => !text.Contains(' ') && text.Length >= 3 && term.Contains(' ') && TextNormalizer.ContainsPhrase(term, text);

    private static int? Unique(IEnumerable<(int Index, HashSet<string> Terms)> matches)
    {
        int? found = null;
        foreach (var (index, _) in matches)
        {
            if (found is not null && found != index)
            {
                return null;
            }

            found = index;
        }

        return found;
    }
}
