using System.Buffers;

namespace BotService.Escalation.CrisisDetection;

/// <summary>
/// Phrase-list crisis detector over every language in <c>dialogs/&lt;lang&gt;/crisis-phrases.yaml</c>.
/// Every message is checked against every language, because people switch languages mid-text.
/// Immutable after loading: register one instance as a singleton.
/// </summary>
public sealed class CrisisDetector : ICrisisDetector
{
    /// <summary>File name looked for in each language folder under the dialogs root.</summary>
    public const string PhraseFileName = "crisis-phrases.yaml";

    private readonly CrisisLexicon[] _lexicons;
    private readonly int _maxExpansion;

    private CrisisDetector(CrisisLexicon[] lexicons)
    {
        _lexicons = lexicons;
        _maxExpansion = lexicons.Max(l => l.MaxExpansion);
    }

    /// <summary>Languages loaded, e.g. ["en", "es"].</summary>
    public IReadOnlyList<string> Languages => _lexicons.Select(l => l.Language).ToArray();

    /// <summary>
    /// Loads <c>&lt;dialogsRoot&gt;/&lt;lang&gt;/crisis-phrases.yaml</c> for every language folder that has one.
    /// Throws <see cref="InvalidDataException"/> naming the file and the problem when a list is malformed,
    /// so a bad edit stops start-up instead of quietly weakening detection.
    /// </summary>
    public static CrisisDetector LoadFrom(string dialogsRoot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialogsRoot);
        if (!Directory.Exists(dialogsRoot))
        {
            throw new DirectoryNotFoundException($"Dialogs folder not found: {dialogsRoot}");
        }

        var sources = Directory.GetDirectories(dialogsRoot)
            .Order(StringComparer.Ordinal)
            .Select(dir => (Language: Path.GetFileName(dir), Path: Path.Combine(dir, PhraseFileName)))
            .Where(s => File.Exists(s.Path))
            .Select(s => CrisisLexicon.Create(File.ReadAllText(s.Path), s.Path, s.Language))
            .ToArray();

        return sources.Length > 0
            ? new CrisisDetector(sources)
            : throw new InvalidDataException($"No {PhraseFileName} found under {dialogsRoot}/<lang>/.");
    }

    /// <summary>Builds a detector from YAML text; for tests and tools that do not read from disk.</summary>
    internal static CrisisDetector FromYaml(params string[] yamlDocuments) =>
        new(yamlDocuments.Select((yaml, i) => CrisisLexicon.Create(yaml, $"yaml[{i}]", expectedLanguage: null)).ToArray());

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
        int[]? ids = null;
        try
        {
            var tokenCount = CrisisTokenizer.Tokenize(text, raw, canon, tokens);
            if (tokenCount == 0)
            {
                return CrisisAssessment.None;
            }

            var tokenSpan = tokens.AsSpan(0, tokenCount);
            ids = ArrayPool<int>.Shared.Rent(tokenCount * _maxExpansion);

            CrisisLexicon.Phrase? best = null;
            CrisisLexicon? bestLexicon = null;
            foreach (var lexicon in _lexicons)
            {
                var idCount = lexicon.MapTokens(raw, canon, tokenSpan, ids);
                var phrase = lexicon.FindBest(ids.AsSpan(0, idCount), out _);
                if (phrase is not null && (best is null || CrisisLexicon.Beats(phrase, best)))
                {
                    best = phrase;
                    bestLexicon = lexicon;
                }
            }

            if (best is not null && bestLexicon is not null)
            {
                return new CrisisAssessment(best.Severity, best.Category, bestLexicon.Language, best.Id);
            }

            var language = GuessLanguage(canon, tokenSpan);
            return language is null
                ? CrisisAssessment.None
                : new CrisisAssessment(CrisisSeverity.None, CrisisCategory.None, language, null);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(raw);
            ArrayPool<char>.Shared.Return(canon);
            ArrayPool<RawToken>.Shared.Return(tokens);
            if (ids is not null)
            {
                ArrayPool<int>.Shared.Return(ids);
            }
        }
    }

    /// <summary>Normalized words of <paramref name="text"/> as the given language sees them (tests, tooling).</summary>
    internal string Normalize(string text, string language)
    {
        var lexicon = _lexicons.FirstOrDefault(l => l.Language == language)
            ?? throw new ArgumentException($"Language '{language}' is not loaded.", nameof(language));
        return string.Join(' ', lexicon.NormalizeToWords(text, allowTypos: true));
    }

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
