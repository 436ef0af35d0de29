using System.Text;

namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Everything one language contributes to crisis detection: texting shortcuts, a vocabulary to correct spelling
/// against, concepts (classes of words and short phrases that mean one thing: "self", "means", "farewell"),
/// rules that combine concepts, and idioms. Built once from YAML and immutable afterwards, so any number of
/// threads can share it.
/// </summary>
internal sealed class ConceptLexicon
{
    private const int MaxConcepts = 128;
    private const int PrefixHeadLength = 3;

    // How far after a match a "lol" still reads as part of it ("i want to die, he saw me in my pajamas lol").
    private const int SoftenerReach = 6;

    // How far before a match a past-tense marker still governs it ("a year ago i wanted to die").
    private const int SoftenerLookBack = 3;

    private readonly Dictionary<string, string[]> _spellings = new(StringComparer.Ordinal);
    private readonly Dictionary<char, string> _digits = [];
    private readonly HashSet<string> _commonWords = new(StringComparer.Ordinal);
    private readonly HashSet<string> _notTypos = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<string, UInt128> _wordConcepts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Prefix, UInt128 Mask)>> _prefixesByHead = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(WordPattern Pattern, UInt128 Mask)>> _phrasesByFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WordPattern>> _idiomsByFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WordPattern>> _softenersByFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WordPattern>> _seriousByFirstWord = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<WordPattern>> _pastByFirstWord = new(StringComparer.Ordinal);
    private readonly List<string> _conceptNames = [];
    private readonly ConceptRule[] _rules;
    private ConceptLexicon[] _others = [];
    private readonly (string Suffix, string[] Replacements)[] _inflections;
    private readonly string[] _clitics;
    private readonly SpellingCorrector _corrector;

    public string Language { get; }

    public int RuleCount => _rules.Length;

    public IReadOnlyList<string> ConceptNames => _conceptNames;

    private ConceptLexicon(CrisisLexiconFile file, IEnumerable<string> vocabulary, string sourceName, string language)
    {
        Language = language;

        foreach (var (key, value) in file.Digits ?? [])
        {
            if (key.Length != 1 || !char.IsDigit(key[0]) || string.IsNullOrWhiteSpace(value))
            {
                throw new InvalidDataException($"{sourceName}: digits: '{key}' must be a single digit mapped to a word.");
            }

            _digits[key[0]] = SingleWord(value, sourceName, "digits");
        }

        foreach (var (key, value) in file.Spellings ?? [])
        {
            AddSpelling(key, value, sourceName);
        }

        foreach (var word in file.CommonWords ?? [])
        {
            _commonWords.Add(SingleWord(word, sourceName, "common-words"));
        }

        foreach (var word in file.NotTypos ?? [])
        {
            _notTypos.Add(SingleWord(word, sourceName, "not-typos"));
        }

        var targets = new HashSet<string>(StringComparer.Ordinal);
        var conceptIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, entries) in file.Concepts ?? [])
        {
            if (conceptIndex.Count == MaxConcepts)
            {
                throw new InvalidDataException($"{sourceName}: concepts: at most {MaxConcepts} concepts per language.");
            }

            var conceptName = name.Trim();
            if (conceptName.Length == 0 || conceptName.Contains('+') || conceptName.Contains(' '))
            {
                throw new InvalidDataException($"{sourceName}: concepts: '{name}' must be one word (letters and '-').");
            }

            var bit = conceptIndex.Count;
            conceptIndex.Add(conceptName, bit);
            _conceptNames.Add(conceptName);
            var mask = UInt128.One << bit;
            if (entries is null || entries.Count == 0)
            {
                throw new InvalidDataException($"{sourceName}: concepts: '{conceptName}' lists no words.");
            }

            foreach (var entry in entries)
            {
                AddConceptEntry(entry, mask, conceptName, targets, sourceName);
            }
        }

        var rules = new List<ConceptRule>();
        foreach (var (severityName, categories) in file.Rules ?? [])
        {
            if (!Enum.TryParse<CrisisSeverity>(severityName, ignoreCase: true, out var severity) || severity == CrisisSeverity.None)
            {
                throw new InvalidDataException($"{sourceName}: rules: unknown severity '{severityName}'. Use imminent, high, concern or support.");
            }

            foreach (var (categoryName, texts) in categories ?? [])
            {
                if (!Enum.TryParse<CrisisCategory>(categoryName.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var category)
                    || category == CrisisCategory.None)
                {
                    var known = string.Join(", ", Enum.GetNames<CrisisCategory>().Skip(1).Select(ToKebab));
                    throw new InvalidDataException($"{sourceName}: rules: {severityName}: unknown category '{categoryName}'. Use one of: {known}.");
                }

                foreach (var text in texts ?? [])
                {
                    var rule = ConceptRule.Parse(text, severity, category, $"{language}.{ToKebab(severity.ToString())}.{ToKebab(category.ToString())}",
                        conceptIndex, rules.Count, sourceName);
                    if (rules.Any(r => r.Id == rule.Id && r.Window == rule.Window))
                    {
                        throw new InvalidDataException($"{sourceName}: rule '{text}' is listed twice.");
                    }

                    rules.Add(rule);
                }
            }
        }

        if (rules.Count == 0)
        {
            throw new InvalidDataException($"{sourceName}: no rules under rules:.");
        }

        _rules = rules.OrderByDescending(r => r.Severity).ThenBy(r => r.Order).ToArray();

        AddPatterns(_idiomsByFirstWord, file.Idioms, sourceName);

        AddPatterns(_softenersByFirstWord, file.Softeners, sourceName);
        AddPatterns(_seriousByFirstWord, file.Serious, sourceName);
        AddPatterns(_pastByFirstWord, file.Past, sourceName);

        foreach (var word in vocabulary)
        {
            _known.Add(word);
        }

        _inflections = (file.Inflections ?? [])
            .Select(pair => (Suffix: Ending(pair.Key, sourceName), Replacements: (pair.Value ?? [""]).Select(r => r.Length == 0 ? "" : Ending(r, sourceName)).ToArray()))
            .OrderByDescending(i => i.Suffix.Length)
            .ToArray();
        _clitics = (file.Clitics ?? []).Select(c => Ending(c, sourceName)).OrderByDescending(c => c.Length).ToArray();

        foreach (var word in _commonWords.Concat(_wordConcepts.Keys).Concat(targets))
        {
            _known.Add(word);
        }

        foreach (var words in _spellings.Values)
        {
            _known.UnionWith(words);
        }

        // Prefix entries ("suicid*") reach every vocabulary word they cover, so "sucidal" can still be corrected.
        foreach (var word in _known)
        {
            if (PrefixMask(word) != 0)
            {
                targets.Add(word);
            }
        }

        var soundAlikes = (file.SoundAlikes ?? []).Select(pair =>
            (SingleWord(pair.Key, sourceName, "sound-alikes"), CanonicalOrEmpty(pair.Value)));
        _corrector = new SpellingCorrector(targets, soundAlikes);
    }

    internal static ConceptLexicon Create(string yaml, IEnumerable<string> vocabulary, string sourceName, string? expectedLanguage)
    {
        var file = CrisisLexiconFile.Parse(yaml, sourceName);
        var language = file.Language?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(language))
        {
            throw new InvalidDataException($"{sourceName}: 'language:' is missing.");
        }

        if (expectedLanguage is not null && !string.Equals(language, expectedLanguage, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{sourceName}: says language '{language}' but sits in folder '{expectedLanguage}'.");
        }

        return new ConceptLexicon(file, vocabulary, sourceName, language);
    }

    // ---------------------------------------------------------------- per message

    /// <summary>The strongest rule this language finds in the tokens, or null.</summary>
    internal Match? Assess(string text, ReadOnlySpan<char> raw, ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens) =>
        Read(raw, canon, tokens) is { } reading ? Assess(reading) : null;

    /// <summary>
    /// The message as this language reads it: its words (shortcuts spelled out, slips corrected) and the concepts each
    /// word carries. Null when there are no words. Shared by the rules and the learned layer so a text is read once.
    /// </summary>
    internal ConceptReading? Read(ReadOnlySpan<char> raw, ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens)
    {
        var words = new List<string>(tokens.Length + 4);
        foreach (var token in tokens)
        {
            Resolve(raw, canon, token, correct: true, words);
        }

        if (words.Count == 0)
        {
            return null;
        }

        var wordSpan = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(words);

        // An idiom explains its own words away ("this heat is killing me"): they carry no concept, and no concept
        // phrase may lean on them ("can not go on the trip"). Words outside it keep their meaning.
        var explained = new bool[words.Count];
        MarkMatches(_idiomsByFirstWord, wordSpan, explained);

        var masks = new UInt128[words.Count];
        for (var i = 0; i < wordSpan.Length; i++)
        {
            if (explained[i])
            {
                continue;
            }

            masks[i] |= WordMask(wordSpan[i]);
            if (!_phrasesByFirstWord.TryGetValue(wordSpan[i], out var phrases))
            {
                continue;
            }

            foreach (var (pattern, mask) in phrases)
            {
                var end = pattern.MatchAt(wordSpan, i);
                if (end >= 0 && Array.IndexOf(explained, true, i, end - i + 1) < 0)
                {
                    for (var k = i; k <= end; k++)
                    {
                        masks[k] |= mask;
                    }
                }
            }
        }

        return new ConceptReading(words.ToArray(), masks, explained);
    }

    /// <summary>The strongest rule that holds in a reading, or null.</summary>
    internal Match? Assess(ConceptReading reading)
    {
        var wordSpan = reading.Words.AsSpan();
        var masks = reading.Masks;
        UInt128 present = 0;
        foreach (var mask in masks)
        {
            present |= mask;
        }

        if (present == 0)
        {
            return null;
        }

        Match? best = null;
        Markers? markers = null;
        foreach (var rule in _rules)
        {
            // Rules run strongest first; a softened match no longer outranks a plain one of lower severity.
            if (best is not null && rule.Severity < best.Severity)
            {
                break;
            }

            if ((present & rule.Concepts) != rule.Concepts)
            {
                continue;
            }

            var (start, span) = rule.ShortestSpan(masks);
            if (span <= 0)
            {
                continue;
            }

            var match = new Match(rule, span, Softened(wordSpan, start, span, ref markers));
            if (best is null || match.Severity > best.Severity || (match.Severity == best.Severity && span < best.Span))
            {
                best = match;
            }
        }

        return best;
    }

    /// <summary>
    /// True when a joke marker sits inside the match or a few words after it ("kill me lol"), or a past-tense marker
    /// inside it or just before it ("i used to want to die", "llevo un año sin cortarme"). Such a match is not dropped: it still gets the crisis lines, only nobody is paged.
    /// </summary>
    private bool Softened(ReadOnlySpan<string> words, int start, int length, ref Markers? markers)
    {
        if (_softenersByFirstWord.Count == 0 && _pastByFirstWord.Count == 0)
        {
            return false;
        }

        // Marked once per message, on the first match that needs them: many rules can match one text.
        markers ??= MarkMarkers(words);
        if (markers.Serious)
        {
            return false;
        }

        var end = start + length - 1;
        var last = Math.Min(words.Length - 1, end + SoftenerReach);
        if (Array.IndexOf(markers.Jokes, true, start, last - start + 1) >= 0)
        {
            return true;
        }

        var first = Math.Max(0, start - SoftenerLookBack);
        return Array.IndexOf(markers.Past, true, first, end - first + 1) >= 0;
    }

    private Markers MarkMarkers(ReadOnlySpan<string> words)
    {
        var serious = new bool[words.Length];
        MarkMatches(_seriousByFirstWord, words, serious);
        var jokes = new bool[words.Length];
        MarkMatches(_softenersByFirstWord, words, jokes);
        var past = new bool[words.Length];
        MarkMatches(_pastByFirstWord, words, past);
        return new Markers(Array.IndexOf(serious, true) >= 0, jokes, past);
    }

    /// <summary>Where a message's joke and past-tense markers sit, and whether she said she means it.</summary>
    private sealed record Markers(bool Serious, bool[] Jokes, bool[] Past);

    private static void MarkMatches(Dictionary<string, List<WordPattern>> index, ReadOnlySpan<string> words, bool[] marked)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (!index.TryGetValue(words[i], out var patterns))
            {
                continue;
            }

            var longest = -1;
            foreach (var pattern in patterns)
            {
                longest = Math.Max(longest, pattern.MatchAt(words, i));
            }

            for (var k = i; k <= longest; k++)
            {
                marked[k] = true;
            }
        }
    }

    /// <summary>How many words are typical of this language; used only to label the language.</summary>
    internal int CountCommonWords(ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens)
    {
        var lookup = _commonWords.GetAlternateLookup<ReadOnlySpan<char>>();
        var score = 0;
        foreach (var token in tokens)
        {
            if (lookup.Contains(canon.Slice(token.CanonStart, token.CanonLength)))
            {
                score++;
            }
        }

        return score;
    }

    /// <summary>Normalized (and corrected) words of a text, for tests and for checking what an entry turns into.</summary>
    internal IReadOnlyList<string> NormalizeToWords(string text, bool correct)
    {
        var raw = new char[text.Length];
        var canon = new char[text.Length];
        var tokens = new RawToken[text.Length];
        var count = CrisisTokenizer.Tokenize(text, raw, canon, tokens);
        var words = new List<string>(count);
        foreach (var token in tokens.AsSpan(0, count))
        {
            Resolve(raw, canon, token, correct, words);
        }

        return words;
    }

    /// <summary>Names of the concepts a text's words carry, word by word (tests, tooling).</summary>
    internal IReadOnlyList<string> ConceptsOf(string word)
    {
        var mask = WordMask(word);
        return _conceptNames.Where((_, bit) => (mask & (UInt128.One << bit)) != 0).ToArray();
    }

    private UInt128 WordMask(string word) => _wordConcepts.GetValueOrDefault(word) | PrefixMask(word);

    private UInt128 PrefixMask(string word)
    {
        if (word.Length < PrefixHeadLength || !_prefixesByHead.TryGetValue(word[..PrefixHeadLength], out var prefixes))
        {
            return 0;
        }

        UInt128 mask = 0;
        foreach (var (prefix, bits) in prefixes)
        {
            if (word.StartsWith(prefix, StringComparison.Ordinal))
            {
                mask |= bits;
            }
        }

        return mask;
    }

    /// <summary>
    /// The single place where a token becomes words. Concept entries and incoming messages both go through here,
    /// which is what guarantees "I'm gonna" in an entry meets "im gonna" in a text.
    /// </summary>
    private void Resolve(ReadOnlySpan<char> raw, ReadOnlySpan<char> canon, RawToken token, bool correct, List<string> words)
    {
        var word = canon.Slice(token.CanonStart, token.CanonLength).ToString();
        string[]? spelling;

        if ((token.Flags & TokenFlags.Symbol) != 0)
        {
            // Emoji only count when the spelling table gives them a meaning (a pill, a knife, a crying-laughing face).
            if (_spellings.TryGetValue(word, out spelling))
            {
                words.AddRange(spelling);
            }

            return;
        }

        if ((token.Flags & TokenFlags.Apostrophe) != 0
            && _spellings.TryGetValue(raw.Slice(token.RawStart, token.RawLength).ToString(), out spelling))
        {
            words.AddRange(spelling);
            return;
        }

        if (_spellings.TryGetValue(word, out spelling))
        {
            words.AddRange(spelling);
            return;
        }

        if ((token.Flags & (TokenFlags.Letter | TokenFlags.Digit)) == (TokenFlags.Letter | TokenFlags.Digit) && _digits.Count > 0)
        {
            // "2nite", "4ever", "some1": digits standing in for sounds inside a word.
            var builder = new StringBuilder(word.Length * 2);
            foreach (var ch in word)
            {
                builder.Append(_digits.TryGetValue(ch, out var replacement) ? replacement : ch.ToString());
            }

            word = builder.ToString();
            if (_spellings.TryGetValue(word, out spelling))
            {
                words.AddRange(spelling);
                return;
            }
        }

        if (correct && !_known.Contains(word) && !_notTypos.Contains(word) && !KnownElsewhere(word))
        {
            // An inflected real word is corrected only into another form of itself ("abusa" may read as "abuso"),
            // never into a different word ("ahorrando" is not "ahorcando", "malas" is not "balas").
            var corrected = _corrector.Correct(word);
            if (corrected is not null && Lemmas(word) is var lemmas && (lemmas.Count == 0 || lemmas.Overlaps(Lemmas(corrected))))
            {
                word = corrected;
            }
        }

        words.Add(word);
    }

    private bool KnownElsewhere(string word)
    {
        foreach (var other in _others)
        {
            if (other.IsKnown(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>In the vocabulary, or a known word with a pronoun or an inflection on it ("malas", "hablarle", "leyendo").</summary>
    private bool IsKnown(string word) => _known.Contains(word) || Lemmas(word).Count > 0;

    /// <summary>The known words this word is a form of: itself if known, and every known word an ending or pronoun leads to.</summary>
    private HashSet<string> Lemmas(string word)
    {
        var lemmas = new HashSet<string>(StringComparer.Ordinal);
        if (_known.Contains(word))
        {
            lemmas.Add(word);
        }

        AddInflectionLemmas(word, lemmas);
        foreach (var clitic in _clitics)
        {
            if (word.Length > clitic.Length + 2 && word.EndsWith(clitic, StringComparison.Ordinal))
            {
                var bare = word[..^clitic.Length];
                if (_known.Contains(bare))
                {
                    lemmas.Add(bare);
                }

                AddInflectionLemmas(bare, lemmas);
            }
        }

        return lemmas;
    }

    private void AddInflectionLemmas(string word, HashSet<string> lemmas)
    {
        foreach (var (suffix, replacements) in _inflections)
        {
            if (word.Length < suffix.Length + 2 || !word.EndsWith(suffix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var replacement in replacements)
            {
                var lemma = CollapseRepeats(string.Concat(word.AsSpan(0, word.Length - suffix.Length), replacement));
                if (_known.Contains(lemma))
                {
                    lemmas.Add(lemma);
                }
            }
        }
    }

    private static string CollapseRepeats(string word)
    {
        var builder = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            if (builder.Length == 0 || builder[^1] != c)
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string Ending(string text, string sourceName)
    {
        var folded = CrisisTokenizer.FoldWord(text);
        return folded.Length > 0 && folded.All(char.IsLetter)
            ? folded
            : throw new InvalidDataException($"{sourceName}: inflections/clitics: '{text}' must be letters only.");
    }

    /// <summary>
    /// A word of another loaded language is a real word too: "ano" in a Spanish text must not become "ammo".
    /// Called once, after every language is loaded.
    /// </summary>
    internal void AlsoKnowWordsOf(IEnumerable<ConceptLexicon> others) =>
        _others = others.Where(o => !ReferenceEquals(o, this)).ToArray();

    // ---------------------------------------------------------------- loading

    private void AddPatterns(Dictionary<string, List<WordPattern>> index, List<string>? texts, string sourceName)
    {
        foreach (var text in texts ?? [])
        {
            var pattern = WordPattern.Parse(text, w => NormalizeToWords(w, correct: false), sourceName);
            foreach (var first in pattern.Steps[0].Words)
            {
                Bucket(index, first).Add(pattern);
            }
        }
    }

    private void AddConceptEntry(string entry, UInt128 mask, string conceptName, HashSet<string> targets, string sourceName)
    {
        var text = entry.Trim();
        if (text.EndsWith('*'))
        {
            var stem = text[..^1];
            var words = NormalizeToWords(stem, correct: false);
            if (words.Count != 1 || words[0].Length < PrefixHeadLength || stem.Contains(' '))
            {
                throw new InvalidDataException(
                    $"{sourceName}: concepts: {conceptName}: '{entry}': a word ending in '*' must be one word of at least {PrefixHeadLength} letters before the '*'.");
            }

            Bucket(_prefixesByHead, words[0][..PrefixHeadLength]).Add((words[0], mask));
            return;
        }

        var isPattern = text.Contains(' ') || text.Contains('|');
        var normalized = NormalizeToWords(text, correct: false);
        if (!isPattern && normalized.Count == 1)
        {
            _wordConcepts[normalized[0]] = _wordConcepts.GetValueOrDefault(normalized[0]) | mask;
            targets.Add(normalized[0]);
            return;
        }

        // Several words ("no point", "end it all", or a shortcut such as "kms" that spells out to two).
        var pattern = WordPattern.Parse(text, w => NormalizeToWords(w, correct: false), $"{sourceName}: concepts: {conceptName}");
        foreach (var step in pattern.Steps)
        {
            targets.UnionWith(step.Words);
        }

        foreach (var first in pattern.Steps[0].Words)
        {
            Bucket(_phrasesByFirstWord, first).Add((pattern, mask));
        }
    }

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
            if (existing.SequenceEqual(words))
            {
                return;
            }

            throw new InvalidDataException(
                $"{sourceName}: spellings: '{key}' clashes with another entry that reads the same once case, accents and repeated letters are ignored ('{lookupKey}' -> '{string.Join(' ', existing)}').");
        }

        _spellings.Add(lookupKey, words.ToArray());
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

    private static string CanonicalOrEmpty(string? text) =>
        string.IsNullOrEmpty(text) ? string.Empty : string.Concat(CanonicalWords(text));

    private static string SingleWord(string text, string sourceName, string section)
    {
        var words = CanonicalWords(text);
        return words.Count == 1
            ? words[0]
            : throw new InvalidDataException($"{sourceName}: {section}: '{text}' must be exactly one word.");
    }

    private static List<T> Bucket<T>(Dictionary<string, List<T>> index, string key)
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        return list;
    }

    internal static string ToKebab(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>A rule that fired and how tightly: fewer words between its concepts is stronger evidence.</summary>
    internal sealed record Match(ConceptRule Rule, int Span, bool Softened)
    {
        /// <summary>A softened high or imminent match gets the crisis lines without a page.</summary>
        public CrisisSeverity Severity => Softened && Rule.Severity >= CrisisSeverity.High ? CrisisSeverity.Concern : Rule.Severity;
    }
}
