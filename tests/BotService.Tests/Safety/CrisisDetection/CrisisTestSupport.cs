using BotService.Safety.CrisisDetection;

namespace BotService.Tests.Safety.CrisisDetection;

/// <summary>
/// Loads the real phrase files from the repository (not a copy in bin/), so the tests always judge
/// what will ship, and a coordinator's edit is covered without rebuilding the test project.
/// </summary>
internal static class CrisisTestSupport
{
    private static readonly Lazy<string> LazyRepoRoot = new(FindRepoRoot);
    private static readonly Lazy<CrisisDetector> LazyDetector = new(() => CrisisDetector.LoadFrom(DialogsRoot));

    public static string RepoRoot => LazyRepoRoot.Value;

    public static string DialogsRoot => Path.Combine(RepoRoot, "dialogs");

    public static string CorpusDir => Path.Combine(RepoRoot, "tests", "BotService.Tests", "Safety", "CrisisDetection", "corpus");

    public static CrisisDetector Detector => LazyDetector.Value;

    private static string FindRepoRoot() => Support.RepoPaths.Root;

    public static IReadOnlyList<(CrisisSeverity Expected, string Message, int Line)> ReadCrisisCorpus(string fileName)
    {
        var result = new List<(CrisisSeverity, string, int)>();
        var lines = File.ReadAllLines(Path.Combine(CorpusDir, fileName));
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var tab = lines[i].IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0 || !Enum.TryParse<CrisisSeverity>(lines[i][..tab], ignoreCase: true, out var severity) || severity == CrisisSeverity.None)
            {
                throw new InvalidDataException($"{fileName}:{i + 1}: expected 'imminent|high|support<TAB>message'.");
            }

            result.Add((severity, lines[i][(tab + 1)..], i + 1));
        }

        return result;
    }

    public static IReadOnlyList<string> ReadOrdinaryCorpus(string fileName) =>
        File.ReadAllLines(Path.Combine(CorpusDir, fileName)).Where(l => !string.IsNullOrWhiteSpace(l)).ToArray();
}
