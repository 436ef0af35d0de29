namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Corrects a word nobody would write on purpose into the meaningful word it was meant to be: one dropped,
/// added, swapped or mistyped letter ("wnat", "sucide", "pastiyas" via a sound-alike), or a sound-alike spelling
/// ("kiero"). Only words that are not in the language's vocabulary are touched, and only towards the words
/// that carry a concept: a real word such as "dye" or "skill" is never turned into a crisis word.
/// </summary>
internal sealed class SpellingCorrector
{
    private const int MinLength = 3;
    private const int MaxLength = 30;

    // A longer word has few real neighbours, so any one-letter slip is safe to forgive there;
    // shorter words only through a neighbouring key.
    private const int AnySubstitutionFrom = 5;

    private readonly HashSet<string> _targets;
    private readonly Dictionary<string, List<string>> _deletions = new(StringComparer.Ordinal);
    private readonly (string From, string To)[] _soundAlikes;

    internal SpellingCorrector(IEnumerable<string> targets, IEnumerable<(string From, string To)> soundAlikes)
    {
        _targets = new HashSet<string>(targets.Where(t => t.Length >= MinLength && t.All(char.IsLetter)), StringComparer.Ordinal);
        _soundAlikes = soundAlikes.ToArray();
        foreach (var target in _targets.Order(StringComparer.Ordinal))
        {
            for (var p = 0; p < target.Length; p++)
            {
                var deleted = target.Remove(p, 1);
                if (!_deletions.TryGetValue(deleted, out var list))
                {
                    _deletions[deleted] = list = [];
                }

                if (!list.Contains(target))
                {
                    list.Add(target);
                }
            }
        }
    }

    /// <summary>The intended word, or null when no single slip leads to a word that matters.</summary>
    internal string? Correct(string word)
    {
        if (word.Length < MinLength || word.Length > MaxLength || !word.All(char.IsLetter))
        {
            return null;
        }

        foreach (var (from, to) in _soundAlikes)
        {
            var index = word.IndexOf(from, StringComparison.Ordinal);
            while (index >= 0)
            {
                var candidate = string.Concat(word.AsSpan(0, index), to, word.AsSpan(index + from.Length));
                if (_targets.Contains(candidate))
                {
                    return candidate;
                }

                index = word.IndexOf(from, index + 1, StringComparison.Ordinal);
            }
        }

        // The text dropped a letter: the word is a target with one letter missing.
        if (_deletions.TryGetValue(word, out var longer))
        {
            return longer[0];
        }

        string? substitution = null;
        for (var p = 0; p < word.Length; p++)
        {
            var deleted = word.Remove(p, 1);

            // The text added a letter (a slip onto the next key, or a stray one in a longer word).
            if (deleted.Length >= MinLength && _targets.Contains(deleted)
                && (word.Length > AnySubstitutionFrom || AddedNextToNeighbour(word, p)))
            {
                return deleted;
            }

            if (!_deletions.TryGetValue(deleted, out var sameLength))
            {
                continue;
            }

            foreach (var target in sameLength)
            {
                switch (Compare(word, target))
                {
                    case Edit.Swap:
                        return target;
                    case Edit.NeighbourKey:
                    case Edit.OtherKey when word.Length >= AnySubstitutionFrom:
                        substitution ??= target;
                        break;
                }
            }
        }

        return substitution;
    }

    private static bool AddedNextToNeighbour(string word, int added) =>
        (added > 0 && (word[added - 1] == word[added] || KeyboardNeighbours.AreNeighbours(word[added - 1], word[added])))
        || (added + 1 < word.Length && KeyboardNeighbours.AreNeighbours(word[added + 1], word[added]));

    private enum Edit
    {
        None,
        Swap,
        NeighbourKey,
        OtherKey,
    }

    private static Edit Compare(string a, string b)
    {
        if (a.Length != b.Length)
        {
            return Edit.None;
        }

        var first = -1;
        var mismatches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                if (++mismatches > 2)
                {
                    return Edit.None;
                }

                first = first < 0 ? i : first;
            }
        }

        if (mismatches == 1)
        {
            return KeyboardNeighbours.AreNeighbours(a[first], b[first]) ? Edit.NeighbourKey : Edit.OtherKey;
        }

        return mismatches == 2 && first + 1 < a.Length && a[first] == b[first + 1] && a[first + 1] == b[first]
            ? Edit.Swap
            : Edit.None;
    }
}
