using System.Buffers;
using System.Globalization;
using System.Text;

namespace BotService.Escalation.CrisisDetection;

/// <summary>
/// Everything one language contributes: its spelling table, phrase lists, idioms and typo index.
/// Built once from YAML and immutable afterwards, so any number of threads can share it.
/// Words are turned into small integer ids so that phrase matching compares ints, not strings.
/// </summary>
internal sealed class CrisisLexicon
{
    internal const int DefaultGap = 2;
    private const int MaxGap = 5;
    private const int TypoMinLength = 5;

    private readonly Dictionary<string, int> _vocab = new(StringComparer.Ordinal);
    private readonly List<string> _vocabWords = [];
    private readonly Dictionary<string, Spelling> _spellings = new(StringComparer.Ordinal);
    private readonly Dictionary<char, string> _digits = [];
    private readonly HashSet<string> _commonWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notTypos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _deletions = new(StringComparer.Ordinal);

    // Most words in a message are not near any crisis word. A 64K-bit presence filter over the typo keys
    // answers "certainly not" for them without hashing into the dictionaries (which dominated the cost).
    private readonly ulong[] _typoFilter = new ulong[1024];
    private readonly int _longestDigitWord = 1;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _vocabLookup;
    private readonly Dictionary<string, Spelling>.AlternateLookup<ReadOnlySpan<char>> _spellingLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _commonLookup;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _notTypoLookup;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _deletionLookup;

    private readonly Phrase[][] _crisisByFirstWord;
    private readonly Phrase[][] _idiomsByFirstWord;

    public string Language { get; }

    /// <summary>Longest spelling expansion in words; sizes the per-message id buffer.</summary>
    public int MaxExpansion { get; private set; } = 1;

    public int PhraseCount { get; }

    private CrisisLexicon(CrisisPhraseFile file, string sourceName, string language)
    {
        Language = language;
        _vocabLookup = _vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        _spellingLookup = _spellings.GetAlternateLookup<ReadOnlySpan<char>>();
        _commonLookup = _commonWords.GetAlternateLookup<ReadOnlySpan<char>>();
        _notTypoLookup = _notTypos.GetAlternateLookup<ReadOnlySpan<char>>();
        _deletionLookup = _deletions.GetAlternateLookup<ReadOnlySpan<char>>();

        foreach (var (key, value) in file.Digits ?? [])
        {
            if (key.Length != 1 || !char.IsDigit(key[0]) || string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidDataException($"{sourceName}: digits: '{key}' must be a single digit mapped to a word.");
            }

            _digits[key[0]] = SingleCanonicalWord(value, sourceName, "digits");
            _longestDigitWord = Math.Max(_longestDigitWord, _digits[key[0]].Length);
        }

        foreach (var (key, value) in file.Spellings ?? [])
        {
            AddSpelling(key, value, sourceName);
        }

        foreach (var word in file.CommonWords ?? [])
        {
            _commonWords.Add(SingleCanonicalWord(word, sourceName, "common-words"));
        }

        foreach (var word in file.NotTypos ?? [])
        {
            _notTypos.Add(SingleCanonicalWord(word, sourceName, "not-typos"));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var crisis = new List<Phrase>();
        AddSeverity(crisis, ids, file.Imminent, CrisisSeverity.Imminent, "imminent", sourceName);
        AddSeverity(crisis, ids, file.High, CrisisSeverity.High, "high", sourceName);
        AddSeverity(crisis, ids, file.Support, CrisisSeverity.Support, "support", sourceName);
        if (crisis.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: no phrases under imminent:, high: or support:.");
        }

        var idioms = new List<Phrase>();
        foreach (var text in file.Idioms ?? [])
        {
            var phrase = ParsePhrase(text, CrisisSeverity.None, CrisisCategory.None, $"{language}.idiom", sourceName);
            if (!ids.Add(phrase.Id))
            {
                throw new InvalidDataException($"{sourceName}: idiom '{text}' is listed twice.");
            }

            idioms.Add(phrase);
        }

        // Spelling expansions may name words no phrase uses; those stay -1 (a filler word).
        foreach (var spelling in _spellings.Values)
        {
            spelling.Ids = spelling.Words.Select(w => _vocab.GetValueOrDefault(w, -1)).ToArray();
        }

        for (var id = 0; id < _vocabWords.Count; id++)
        {
            var word = _vocabWords[id];
            if (word.Length < TypoMinLength || !word.All(char.IsLetter))
            {
                continue;
            }

            SetFilter(word);
            for (var p = 0; p < word.Length; p++)
            {
                var deleted = string.Concat(word.AsSpan(0, p), word.AsSpan(p + 1));
                SetFilter(deleted);
                _deletions[deleted] = _deletions.TryGetValue(deleted, out var existing)
                    ? existing.Contains(id) ? existing : [.. existing, id]
                    : [id];
            }
        }

        PhraseCount = crisis.Count;
        _crisisByFirstWord = IndexByFirstWord(crisis);
        _idiomsByFirstWord = IndexByFirstWord(idioms);
    }

    internal static CrisisLexicon Create(string yaml, string sourceName, string? expectedLanguage)
    {
        var file = CrisisPhraseFile.Parse(yaml, sourceName);
        var language = file.Language?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(language))
        {
            throw new InvalidDataException($"{sourceName}: 'language:' is missing.");
        }

        if (expectedLanguage is not null && !string.Equals(language, expectedLanguage, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{sourceName}: says language '{language}' but sits in folder '{expectedLanguage}'.");
        }

        return new CrisisLexicon(file, sourceName, language);
    }

    // ---------------------------------------------------------------- per message (hot path)

    /// <summary>Turns tokens into word ids (-1 = a word no phrase uses). Returns how many ids were written.</summary>
    internal int MapTokens(ReadOnlySpan<char> raw, ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens, int[] ids)
    {
        var sink = new IdSink { Ids = ids };
        foreach (var token in tokens)
        {
            Resolve(raw, canon, token, allowTypos: true, ref sink);
        }

        return sink.Count;
    }

    /// <summary>How many tokens are typical words of this language; used only to label the language.</summary>
    internal int CountCommonWords(ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens)
    {
        var score = 0;
        foreach (var token in tokens)
        {
            if (_commonLookup.Contains(canon.Slice(token.CanonStart, token.CanonLength)))
            {
                score++;
            }
        }

        return score;
    }

    /// <summary>
    /// Finds the strongest crisis phrase that is not wholly inside an idiom. Idioms only remove their own
    /// span, so "killing it at work but I want to kill myself" still reports the second phrase.
    /// </summary>
    internal Phrase? FindBest(ReadOnlySpan<int> ids, out int bestStart)
    {
        bestStart = -1;
        Phrase? best = null;

        (int Start, int End)[]? rented = null;
        Span<(int Start, int End)> spans = ids.Length <= 32
            ? stackalloc (int Start, int End)[32]
            : (rented = ArrayPool<(int Start, int End)>.Shared.Rent(ids.Length));
        var spanCount = 0;
        try
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var id = ids[i];
                if (id < 0)
                {
                    continue;
                }

                var longestEnd = -1;
                foreach (var idiom in _idiomsByFirstWord[id])
                {
                    longestEnd = Math.Max(longestEnd, MatchSteps(idiom.Steps, 1, ids, i));
                }

                if (longestEnd >= 0)
                {
                    spans[spanCount++] = (i, longestEnd);
                }
            }

            for (var i = 0; i < ids.Length; i++)
            {
                var id = ids[i];
                if (id < 0)
                {
                    continue;
                }

                foreach (var phrase in _crisisByFirstWord[id])
                {
                    if (best is not null && !Beats(phrase, best))
                    {
                        continue;
                    }

                    var end = MatchSteps(phrase.Steps, 1, ids, i);
                    if (end < 0 || InsideIdiom(spans[..spanCount], i, end))
                    {
                        continue;
                    }

                    best = phrase;
                    bestStart = i;
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<(int Start, int End)>.Shared.Return(rented);
            }
        }

        return best;
    }

    /// <summary>Higher severity first; at equal severity the longer (more specific) phrase; ties keep the earlier one.</summary>
    internal static bool Beats(Phrase candidate, Phrase current) =>
        candidate.Severity > current.Severity
        || (candidate.Severity == current.Severity && candidate.Steps.Length > current.Steps.Length);

    private static bool InsideIdiom(ReadOnlySpan<(int Start, int End)> spans, int start, int end)
    {
        foreach (var span in spans)
        {
            if (span.Start <= start && end <= span.End)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Returns the index of the last matched word, or -1. Gaps are bounded (at most <see cref="MaxGap"/>
    /// words), so the search tries a handful of positions per step: no backtracking blow-up is possible.
    /// </summary>
    private static int MatchSteps(Step[] steps, int step, ReadOnlySpan<int> ids, int previous)
    {
        if (step == steps.Length)
        {
            return previous;
        }

        var current = steps[step];
        var last = Math.Min(ids.Length - 1, previous + 1 + current.GapBefore);
        for (var p = previous + 1; p <= last; p++)
        {
            if (Array.IndexOf(current.Ids, ids[p]) >= 0)
            {
                var end = MatchSteps(steps, step + 1, ids, p);
                if (end >= 0)
                {
                    return end;
                }
            }
        }

        return -1;
    }

    // ---------------------------------------------------------------- normalization shared by phrases and messages

    internal interface ITokenSink
    {
        void Add(int id, ReadOnlySpan<char> word);
    }

    private struct IdSink : ITokenSink
    {
        public int[] Ids;
        public int Count;

        public void Add(int id, ReadOnlySpan<char> word) => Ids[Count++] = id;
    }

    private sealed class WordSink : ITokenSink
    {
        public List<string> Words { get; } = [];

        public void Add(int id, ReadOnlySpan<char> word) => Words.Add(word.ToString());
    }

    /// <summary>
    /// The single place where a token becomes words. Phrases from YAML and incoming messages both go
    /// through here, which is what guarantees "I'm gonna" in a phrase meets "im gonna" in a text.
    /// </summary>
    private void Resolve<TSink>(ReadOnlySpan<char> raw, ReadOnlySpan<char> canon, RawToken token, bool allowTypos, ref TSink sink)
        where TSink : ITokenSink
    {
        scoped var word = canon.Slice(token.CanonStart, token.CanonLength);
        Spelling? spelling;

        if ((token.Flags & TokenFlags.Symbol) != 0)
        {
            // Emoji only count when the spelling table gives them a meaning (e.g. a crying-laughing face = "lol").
            if (_spellingLookup.TryGetValue(word, out spelling))
            {
                Emit(spelling, ref sink);
            }

            return;
        }

        if ((token.Flags & TokenFlags.Apostrophe) != 0
            && _spellingLookup.TryGetValue(raw.Slice(token.RawStart, token.RawLength), out spelling))
        {
            Emit(spelling, ref sink);
            return;
        }

        if (_spellingLookup.TryGetValue(word, out spelling))
        {
            Emit(spelling, ref sink);
            return;
        }

        if ((token.Flags & (TokenFlags.Letter | TokenFlags.Digit)) == (TokenFlags.Letter | TokenFlags.Digit)
            && _digits.Count > 0
            && word.Length * _longestDigitWord <= 96)
        {
            Span<char> scratch = stackalloc char[96];
            // "2nite", "4ever", "some1": digits standing in for sounds inside a word.
            var length = 0;
            foreach (var ch in word)
            {
                if (_digits.TryGetValue(ch, out var replacement))
                {
                    replacement.CopyTo(scratch[length..]);
                    length += replacement.Length;
                }
                else
                {
                    scratch[length++] = ch;
                }
            }

            word = scratch[..length];
            if (_spellingLookup.TryGetValue(word, out spelling))
            {
                Emit(spelling, ref sink);
                return;
            }
        }

        if (_vocabLookup.TryGetValue(word, out var id))
        {
            sink.Add(id, word);
            return;
        }

        if (allowTypos && (token.Flags & TokenFlags.Digit) == 0 && TryTypo(word, out id))
        {
            sink.Add(id, _vocabWords[id]);
            return;
        }

        sink.Add(-1, word);
    }

    private static void Emit<TSink>(Spelling spelling, ref TSink sink)
        where TSink : ITokenSink
    {
        for (var k = 0; k < spelling.Words.Length; k++)
        {
            // Ids are resolved only after all phrases are read; phrase parsing needs the words alone.
            sink.Add(k < spelling.Ids.Length ? spelling.Ids[k] : -1, spelling.Words[k]);
        }
    }

    /// <summary>
    /// One insertion, deletion, substitution or swap of neighbours, for words of 5+ letters only:
    /// shorter words are too close to each other ("die"/"dye", "kill"/"skill") to guess safely.
    /// </summary>
    private bool TryTypo(ReadOnlySpan<char> word, out int id)
    {
        id = -1;
        if (word.Length < TypoMinLength - 1 || word.Length > 40 || _notTypoLookup.Contains(word))
        {
            return false;
        }

        // The text dropped a letter: the word is one of the stored deletions.
        if (InFilter(word) && _deletionLookup.TryGetValue(word, out var candidates))
        {
            id = candidates[0];
            return true;
        }

        Span<char> shorter = stackalloc char[40];
        for (var p = 0; p < word.Length; p++)
        {
            word[..p].CopyTo(shorter);
            word[(p + 1)..].CopyTo(shorter[p..]);
            var deleted = shorter[..(word.Length - 1)];
            if (!InFilter(deleted))
            {
                continue;
            }

            // The text added a letter.
            if (deleted.Length >= TypoMinLength && _vocabLookup.TryGetValue(deleted, out id))
            {
                return true;
            }

            // Both lost a letter: a substitution or a swap, confirmed by a direct comparison.
            if (_deletionLookup.TryGetValue(deleted, out candidates))
            {
                foreach (var candidate in candidates)
                {
                    if (IsOneSubstitutionOrSwap(word, _vocabWords[candidate]))
                    {
                        id = candidate;
                        return true;
                    }
                }
            }
        }

        id = -1;
        return false;
    }

    private static int FilterHash(ReadOnlySpan<char> text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)((hash ^ (hash >> 16)) & 0xFFFF);
    }

    private void SetFilter(ReadOnlySpan<char> text)
    {
        var bit = FilterHash(text);
        _typoFilter[bit >> 6] |= 1UL << (bit & 63);
    }

    private bool InFilter(ReadOnlySpan<char> text)
    {
        var bit = FilterHash(text);
        return (_typoFilter[bit >> 6] & (1UL << (bit & 63))) != 0;
    }

    private static bool IsOneSubstitutionOrSwap(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        var first = -1;
        var mismatches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                if (++mismatches > 2)
                {
                    return false;
                }

                first = first < 0 ? i : first;
            }
        }

        return mismatches == 1
            || (mismatches == 2 && first + 1 < a.Length && a[first] == b[first + 1] && a[first + 1] == b[first]);
    }

    /// <summary>Normalized words of a text, for tests and for checking what a phrase turns into.</summary>
    internal IReadOnlyList<string> NormalizeToWords(string text, bool allowTypos)
    {
        var raw = new char[text.Length];
        var canon = new char[text.Length];
        var tokens = new RawToken[text.Length];
        var count = CrisisTokenizer.Tokenize(text, raw, canon, tokens);
        var sink = new WordSink();
        foreach (var token in tokens.AsSpan(0, count))
        {
            Resolve(raw, canon, token, allowTypos, ref sink);
        }

        return sink.Words;
    }

    // ---------------------------------------------------------------- loading

    private void AddSpelling(string key, string value, string sourceName)
    {
        var raw = new char[key.Length];
        var canon = new char[key.Length];
        var tokens = new RawToken[Math.Max(1, key.Length)];
        var count = CrisisTokenizer.Tokenize(key, raw, canon, tokens);
        if (count != 1)
        {
            throw new InvalidDataException($"{sourceName}: spellings: '{key}' must be one word (or one emoji).");
        }

        var token = tokens[0];
        var lookupKey = (token.Flags & TokenFlags.Apostrophe) != 0
            ? new string(raw, token.RawStart, token.RawLength)
            : new string(canon, token.CanonStart, token.CanonLength);

        // Expansions are canonical words but are not themselves re-spelled: no chains, no loops.
        var words = CanonicalWords(value);
        if (words.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: spellings: '{key}' maps to nothing.");
        }

        if (_spellings.TryGetValue(lookupKey, out var existing))
        {
            // "gonna" and "gona" are the same key once repeated letters collapse; that is only a mistake
            // when the two entries disagree about the meaning.
            if (existing.Words.SequenceEqual(words))
            {
                return;
            }

            throw new InvalidDataException(
                $"{sourceName}: spellings: '{key}' clashes with another entry that reads the same once case, accents and repeated letters are ignored ('{lookupKey}' -> '{string.Join(' ', existing.Words)}').");
        }

        _spellings.Add(lookupKey, new Spelling(words.ToArray()));

        MaxExpansion = Math.Max(MaxExpansion, words.Count);
    }

    private static List<string> CanonicalWords(string text)
    {
        var raw = new char[text.Length];
        var canon = new char[text.Length];
        var tokens = new RawToken[Math.Max(1, text.Length)];
        var count = CrisisTokenizer.Tokenize(text, raw, canon, tokens);
        var words = new List<string>(count);
        foreach (var token in tokens.AsSpan(0, count))
        {
            words.Add(new string(canon, token.CanonStart, token.CanonLength));
        }

        return words;
    }

    private static string SingleCanonicalWord(string text, string sourceName, string section)
    {
        var words = CanonicalWords(text);
        return words.Count == 1
            ? words[0]
            : throw new InvalidDataException($"{sourceName}: {section}: '{text}' must be exactly one word.");
    }

    private void AddSeverity(
        List<Phrase> phrases, HashSet<string> ids, Dictionary<string, List<string>?>? groups,
        CrisisSeverity severity, string severityName, string sourceName)
    {
        foreach (var (categoryName, texts) in groups ?? [])
        {
            if (!Enum.TryParse<CrisisCategory>(categoryName.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var category)
                || category == CrisisCategory.None)
            {
                var known = string.Join(", ", Enum.GetNames<CrisisCategory>().Skip(1).Select(n => ToKebab(n)));
                throw new InvalidDataException($"{sourceName}: {severityName}: unknown category '{categoryName}'. Use one of: {known}.");
            }

            foreach (var text in texts ?? [])
            {
                var phrase = ParsePhrase(text, severity, category, $"{Language}.{severityName}.{ToKebab(category.ToString())}", sourceName);
                if (!ids.Add(phrase.Id))
                {
                    throw new InvalidDataException($"{sourceName}: phrase '{text}' is listed twice.");
                }

                phrases.Add(phrase);
            }
        }
    }

    private Phrase ParsePhrase(string text, CrisisSeverity severity, CrisisCategory category, string idPrefix, string sourceName)
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
                var words = NormalizeToWords(piece, allowTypos: false);
                if (words.Count == 0)
                {
                    throw new InvalidDataException($"{sourceName}: '{text}': '{piece}' has no letters.");
                }

                foreach (var word in words)
                {
                    steps.Add(new Step([WordId(word)], gap));
                    gap = 0;
                }

                continue;
            }

            var altIds = new List<int>();
            foreach (var alternative in alternatives)
            {
                var words = NormalizeToWords(alternative, allowTypos: false);
                if (words.Count != 1)
                {
                    throw new InvalidDataException(
                        $"{sourceName}: '{text}': each choice in '{piece}' must be one word, but '{alternative}' becomes '{string.Join(' ', words)}'. Write separate phrases instead.");
                }

                altIds.Add(WordId(words[0]));
            }

            steps.Add(new Step(altIds.Distinct().ToArray(), gap));
            gap = 0;
        }

        if (steps.Count == 0 || gap > 0)
        {
            throw new InvalidDataException($"{sourceName}: '{text}' is empty or ends with '...'.");
        }

        return new Phrase($"{idPrefix}.{Slug(text)}", severity, category, steps.ToArray());
    }

    private int WordId(string word)
    {
        if (!_vocab.TryGetValue(word, out var id))
        {
            id = _vocabWords.Count;
            _vocab.Add(word, id);
            _vocabWords.Add(word);
        }

        return id;
    }

    private Phrase[][] IndexByFirstWord(List<Phrase> phrases)
    {
        var index = new List<Phrase>[_vocabWords.Count];
        foreach (var phrase in phrases)
        {
            foreach (var id in phrase.Steps[0].Ids)
            {
                (index[id] ??= []).Add(phrase);
            }
        }

        return index.Select(list => list?.ToArray() ?? []).ToArray();
    }

    private static string Slug(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var f = CrisisTokenizer.Fold(c);
            if (char.IsLetterOrDigit(f))
            {
                builder.Append(f);
            }
            else if (f == '|')
            {
                builder.Append('/');
            }
            else if (f != '\'' && f != '\0' && builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        return builder.ToString().Trim('-').Replace("-/-", "/", StringComparison.Ordinal);
    }

    private static string ToKebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    internal sealed class Spelling(string[] words)
    {
        public string[] Words { get; } = words;

        public int[] Ids { get; set; } = [];
    }

    internal sealed record Step(int[] Ids, int GapBefore);

    internal sealed record Phrase(string Id, CrisisSeverity Severity, CrisisCategory Category, Step[] Steps);
}
