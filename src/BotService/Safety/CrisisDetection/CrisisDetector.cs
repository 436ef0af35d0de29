using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Concept-rule crisis detector over every language in <c>dialogs/&lt;lang&gt;/crisis-concepts.yaml</c>.
/// Each message is read word by word (shortcuts spelled out, slips corrected against the language's vocabulary),
/// each word is given the concepts it carries, and rules that combine concepts within a few words decide the
/// severity. Every message is checked against every language, because people switch languages mid-text.
/// When the rules do not page, a learned layer (<see cref="CrisisTextModel"/>, trained at load from the labelled
/// texts in <c>dialogs/&lt;lang&gt;/crisis-examples/</c>) gives a second opinion and can raise the verdict, never lower it.
/// Immutable after loading: register one instance as a singleton.
/// </summary>
public sealed class CrisisDetector : ICrisisDetector
{
    /// <summary>File name looked for in each language folder under the dialogs root.</summary>
    public const string ConceptFileName = "crisis-concepts.yaml";

    /// <summary>Known words of the language, one a line, beside the concept file.</summary>
    public const string VocabularyFileName = "crisis-vocabulary.txt";

    /// <summary>Folder in each language folder whose <c>*.tsv</c> files hold the learned layer's labelled texts.</summary>
    public const string ExamplesFolderName = "crisis-examples";

    /// <summary>The learned layer's chance of a crisis at which volunteers are paged, when the rules did not page.</summary>
    internal const double PageAtProbability = 0.75;

    // Ends the rule id of a match whose page a joke or past-tense marker took away.
    private const string SoftenedSuffix = ".softened";

    // Same files, same detector: every host in a process (and every test) shares one trained model.
    private static readonly ConcurrentDictionary<string, Lazy<CrisisDetector>> Loaded = new(StringComparer.Ordinal);

    private readonly ConceptLexicon[] _lexicons;
    private CrisisTextModel? _model;

    private CrisisDetector(ConceptLexicon[] lexicons)
    {
        _lexicons = lexicons;
        foreach (var lexicon in lexicons)
        {
            lexicon.AlsoKnowWordsOf(lexicons);
        }
    }

    /// <summary>True when labelled examples were found and the learned layer gives second opinions.</summary>
    public bool HasLearnedLayer => _model is not null;

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

        var loaded = Loaded.GetOrAdd(Fingerprint(dialogsRoot), _ => new Lazy<CrisisDetector>(() => Load(dialogsRoot)));
        try
        {
            return loaded.Value;
        }
        catch
        {
            // A bad edit must fail every start, not only the first.
            Loaded.TryRemove(new KeyValuePair<string, Lazy<CrisisDetector>>(Fingerprint(dialogsRoot), loaded));
            throw;
        }
    }

    private static CrisisDetector Load(string dialogsRoot)
    {
        var lexicons = Directory.GetDirectories(dialogsRoot)
            .Order(StringComparer.Ordinal)
            .Select(dir => (Language: Path.GetFileName(dir), Dir: dir, Path: Path.Combine(dir, ConceptFileName)))
            .Where(s => File.Exists(s.Path))
            .Select(s => ConceptLexicon.Create(File.ReadAllText(s.Path), ReadVocabulary(Path.Combine(s.Dir, VocabularyFileName)), s.Path, s.Language))
            .ToArray();

        if (lexicons.Length == 0)
        {
            throw new InvalidDataException($"No {ConceptFileName} found under {dialogsRoot}/<lang>/.");
        }

        var detector = new CrisisDetector(lexicons);
        var examples = ExampleFiles(dialogsRoot).SelectMany(CrisisExampleFile.Read).ToList();
        if (examples.Count > 0)
        {
            detector._model = CrisisTextModel.Train(
                examples.Select(e => (detector.AssessWithFeatures(e.Text).Slots, CrisisTextModel.LabelFor(e))).ToList(),
                CrisisTrainingSettings.Default);
        }

        return detector;
    }

    /// <summary>Every labelled-example file under <c>&lt;dialogsRoot&gt;/&lt;lang&gt;/crisis-examples/</c>.</summary>
    internal static IEnumerable<string> ExampleFiles(string dialogsRoot) =>
        Directory.GetDirectories(dialogsRoot)
            .Select(dir => Path.Combine(dir, ExamplesFolderName))
            .Where(Directory.Exists)
            .SelectMany(dir => Directory.GetFiles(dir, "*.tsv"))
            .Order(StringComparer.Ordinal);

    /// <summary>A hash of every file the detector reads, so an edit loads afresh and an unchanged tree is reused.</summary>
    private static string Fingerprint(string dialogsRoot)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var files = Directory.GetDirectories(dialogsRoot)
            .SelectMany(dir => new[] { Path.Combine(dir, ConceptFileName), Path.Combine(dir, VocabularyFileName) })
            .Where(File.Exists)
            .Concat(ExampleFiles(dialogsRoot))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(dialogsRoot, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Path.GetFullPath(dialogsRoot) + ":" + Convert.ToHexString(hash.GetHashAndReset());
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
        var (rules, slots) = Read(text, FeatureDemand.UnlessRulesPage);
        if (slots is null || _model is null)
        {
            return rules;
        }

        try
        {
            return WithSecondOpinion(rules, _model.Predict(slots));
        }
        catch (Exception)
        {
            // The safety reply must never wait on the learned layer: if it fails, the rules' verdict stands.
            return rules;
        }
    }

    /// <summary>The rules' verdict alone, without the learned layer (training, bench).</summary>
    internal CrisisAssessment RulesOnly(string text) => Read(text, FeatureDemand.Never).Rules;

    /// <summary>The rules' verdict and the text's learned-layer features, from one reading (training, bench).</summary>
    internal (CrisisAssessment Rules, int[] Slots) AssessWithFeatures(string text)
    {
        var (rules, slots) = Read(text, FeatureDemand.Always);
        return (rules, slots ?? []);
    }

    /// <summary>What the learned layer alone thinks of a text (bench, tests); null without examples.</summary>
    internal CrisisTextPrediction? SecondOpinion(string text) => _model?.Predict(AssessWithFeatures(text).Slots);

    private enum FeatureDemand
    {
        Never,

        /// <summary>Only when a model is loaded and the rules did not page; a failure then yields no features, not an exception.</summary>
        UnlessRulesPage,
        Always,
    }

    /// <summary>Reads the text once in every language: the rules' verdict, and the learned layer's features when asked for.</summary>
    private (CrisisAssessment Rules, int[]? Slots) Read(string text, FeatureDemand demand)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return (CrisisAssessment.None, null);
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
                return (CrisisAssessment.None, null);
            }

            var tokenSpan = tokens.AsSpan(0, tokenCount);
            var readings = new (ConceptLexicon Lexicon, ConceptReading? Reading)[_lexicons.Length];
            ConceptLexicon.Match? best = null;
            ConceptLexicon? bestLexicon = null;
            for (var i = 0; i < _lexicons.Length; i++)
            {
                var lexicon = _lexicons[i];
                var reading = lexicon.Read(raw.AsSpan(0, length), canon.AsSpan(0, length), tokenSpan);
                readings[i] = (lexicon, reading);
                var match = reading is null ? null : lexicon.Assess(reading);
                if (match is not null && (best is null || Beats(match, best)))
                {
                    (best, bestLexicon) = (match, lexicon);
                }
            }

            var language = GuessLanguage(canon, tokenSpan);
            var rules = best is not null && bestLexicon is not null
                ? new CrisisAssessment(best.Severity, best.Rule.Category, language ?? bestLexicon.Language, best.Softened ? best.Rule.Id + SoftenedSuffix : best.Rule.Id)
                : language is null
                    ? CrisisAssessment.None
                    : new CrisisAssessment(CrisisSeverity.None, CrisisCategory.None, language, null);
            return demand switch
            {
                FeatureDemand.Always => (rules, CrisisFeatures.Extract(canon.AsSpan(0, length), tokenSpan, readings)),
                FeatureDemand.UnlessRulesPage when _model is not null && !rules.PagesVolunteers && !IsSoftened(rules) =>
                    (rules, TryExtract(canon.AsSpan(0, length), tokenSpan, readings)),
                _ => (rules, null),
            };
        }
        finally
        {
            ArrayPool<char>.Shared.Return(raw);
            ArrayPool<char>.Shared.Return(canon);
            ArrayPool<RawToken>.Shared.Return(tokens);
        }
    }

    /// <summary>
    /// A rule matched but a joke or past-tense marker took its page away ("i want to die lol", "a year ago i wanted to
    /// die"): that was decided on purpose, so the learned layer is not asked to page it back.
    /// </summary>
    internal static bool IsSoftened(CrisisAssessment rules) =>
        rules.RuleId is { } id && id.EndsWith(SoftenedSuffix, StringComparison.Ordinal);

    /// <summary>Features for the second opinion; if reading them ever failed, the rules' verdict stands alone.</summary>
    private static int[]? TryExtract(ReadOnlySpan<char> canon, ReadOnlySpan<RawToken> tokens, ReadOnlySpan<(ConceptLexicon, ConceptReading?)> readings)
    {
        try
        {
            return CrisisFeatures.Extract(canon, tokens, readings);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>
    /// Pages when the rules did not but the learned layer is confident (<see cref="PageAtProbability"/>). It never lowers
    /// a verdict: a model that misreads "dying to see my kids but i want to die" must not cost her the page the rules
    /// give. Below the threshold the rules' verdict stands.
    /// </summary>
    private static CrisisAssessment WithSecondOpinion(CrisisAssessment rules, CrisisTextPrediction opinion) =>
        opinion.CrisisProbability >= PageAtProbability
            ? new CrisisAssessment(CrisisSeverity.High, CrisisExampleCategories.ReplyFor(opinion.Label), rules.Language, $"learned.high.{opinion.Label}")
            : rules;

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
