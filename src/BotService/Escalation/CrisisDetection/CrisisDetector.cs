using System.Buffers;

namespace BotService.Escalation.CrisisDetection;

/// <summary>
/// Concept-rule crisis detector over every language in <c>dialogs/&lt;lang&gt;/crisis-concepts.yaml</c>.
/// Each message is read word by word (shortcuts spelled out, slips corrected against the language's vocabulary),
/// each word is given the concepts it carries, and rules that combine concepts within a few words decide the
/// severity. Every message is checked against every language, because people switch languages mid-text.
/// Immutable after loading: register one instance as a singleton.
/// </summary>
public sealed class CrisisDetector : ICrisisDetector
{
    /// <summary>File name looked for in each language folder under the dialogs root.</summary>
    public const string ConceptFileName = "crisis-concepts.yaml";

    /// <summary>Known words of the language, one a line, beside the concept file.</summary>
    public const string VocabularyFileName = "crisis-vocabulary.txt";

    private readonly ConceptLexicon[] _lexicons;

    private CrisisDetector(ConceptLexicon[] lexicons)
    {
        _lexicons = lexicons;
        foreach (var lexicon in lexicons)
        {
            lexicon.AlsoKnowWordsOf(lexicons);
        }
    }

    /// <summary>Languages loaded, e.g. ["en", "es"].</summary>
    public IReadOnlyList<string> Languages => _lexicons.Select(l => l.Language).ToArray();

    /// <summary>
    /// Loads <c>&lt;dialogsRoot&gt;/&lt;lang&gt;/crisis-concepts.yaml</c> (and its vocabulary) for every language folder
    /// that has one. Throws <see cref="InvalidDataException"/> naming the file and the problem when a list is malformed,
    /// so a bad edit stops start-up instead of quietly weakening detection.
    /// </summary>
    public static CrisisDetector LoadFrom(string dialogsRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialogsRoot);
        if (!Directory.Exists(dialogsRoot))
        {
            throw new DirectoryNotFoundException($"Dialogs folder not found: {dialogsRoot}");
        }

        var lexicons = Directory.GetDirectories(dialogsRoot)
            .Order(StringComparer.Ordinal)
            .Select(dir => (Language: Path.GetFileName(dir), Dir: dir, Path: Path.Combine(dir, ConceptFileName)))
            .Where(s => File.Exists(s.Path))
            .Select(s => ConceptLexicon.Create(File.ReadAllText(s.Path), ReadVocabulary(Path.Combine(s.Dir, VocabularyFileName)), s.Path, s.Language))
            .ToArray();

        return lexicons.Length > 0
            ? new CrisisDetector(lexicons)
            : throw new InvalidDataException($"No {ConceptFileName} found under {dialogsRoot}/<lang>/.");
    }

    /// <summary>Builds a detector from YAML text with no vocabulary; for tests and tools that do not read from disk.</summary>
    internal static CrisisDetector FromYaml(params string[] yamlDocuments) =>
        new(yamlDocuments.Select((yaml, i) => ConceptLexicon.Create(yaml, [], $"yaml[{i}]", expectedLanguage: null)).ToArray());

    private static IEnumerable<string> ReadVocabulary(string path) =>
        File.Exists(path)
            ? File.ReadLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && l[0] != '#')
            : [];

    public CrisisAssessment Assess(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return CrisisAssessment.None;
        }

        var length = text.Length;
        var raw = ArrayPool<char>.Shared.Rent(length);
        var canon = ArrayPool<char>.Shared.Rent(length);
        var tokens = ArrayPool<RawToken>.Shared.Rent(length);
        try
        {
            var tokenCount = CrisisTokenizer.Tokenize(text, raw, canon, tokens);
            if (tokenCount == 0)
            {
                return CrisisAssessment.None;
            }

            var tokenSpan = tokens.AsSpan(0, tokenCount);
            ConceptLexicon.Match? best = null;
            ConceptLexicon? bestLexicon = null;
            foreach (var lexicon in _lexicons)
            {
                var match = lexicon.Assess(text, raw.AsSpan(0, length), canon.AsSpan(0, length), tokenSpan);
                if (match is not null && (best is null || Beats(match, best)))
                {
                    (best, bestLexicon) = (match, lexicon);
                }
            }

            var language = GuessLanguage(canon, tokenSpan);
            return best is not null && bestLexicon is not null
                ? new CrisisAssessment(best.Severity, best.Rule.Category, language ?? bestLexicon.Language, best.Softened ? best.Rule.Id + ".softened" : best.Rule.Id)
                : language is null
                    ? CrisisAssessment.None
                    : new CrisisAssessment(CrisisSeverity.None, CrisisCategory.None, language, null);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(raw);
            ArrayPool<char>.Shared.Return(canon);
            ArrayPool<RawToken>.Shared.Return(tokens);
        }
    }

    /// <summary>Higher severity first; at equal severity the tighter match.</summary>
    private static bool Beats(ConceptLexicon.Match candidate, ConceptLexicon.Match current) =>
        candidate.Severity > current.Severity
        || (candidate.Severity == current.Severity && candidate.Span < current.Span);

    /// <summary>Normalized, corrected words of <paramref name="text"/> as the given language sees them (tests, tooling).</summary>
    internal string Normalize(string text, string language) =>
        string.Join(' ', Lexicon(language).NormalizeToWords(text, correct: true));

    /// <summary>The concepts each word of <paramref name="text"/> carries in one language, e.g. "want:want die:die" (tests, tooling).</summary>
    internal string Explain(string text, string language)
    {
        var lexicon = Lexicon(language);
        return string.Join(' ', lexicon.NormalizeToWords(text, correct: true)
            .Select(w => lexicon.ConceptsOf(w) is { Count: > 0 } c ? $"{w}:{string.Join(',', c)}" : w));
    }

    private ConceptLexicon Lexicon(string language) =>
        _lexicons.FirstOrDefault(l => l.Language == language)
        ?? throw new ArgumentException($"Language '{language}' is not loaded.", nameof(language));

    private string? GuessLanguage(ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens)
    {
        string? language = null;
        var bestScore = 0;
        var tie = false;
        foreach (var lexicon in _lexicons)
        {
            var score = lexicon.CountCommonWords(canon, tokens);
            if (score > bestScore)
            {
                (language, bestScore, tie) = (lexicon.Language, score, false);
            }
            else if (score == bestScore && score > 0)
            {
                tie = true;
            }
        }

        return tie ? null : language;
    }
}
