using BotService.Escalation.CrisisDetection;

namespace BotService.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/BotService.Bench -- crisis-eval [dev|heldout] [--mistakes]</c>:
/// the crisis detector's confusion table on one half of the labelled corpus.
/// </summary>
internal static class CrisisEvaluationCommand
{
    internal static int Run(string[] args)
    {
        var half = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "heldout";
        var corpus = Path.Combine(BenchPaths.RepoRoot, "tests", "BotService.Tests", "Crisis", "corpus", "eval");
        var detector = CrisisDetector.LoadFrom(Path.Combine(BenchPaths.RepoRoot, "dialogs"));
        var files = Directory.GetFiles(corpus, $"*-{half}.tsv").Order(StringComparer.Ordinal);
        var evaluation = CrisisCorpusEvaluation.Run(detector, files);
        Console.WriteLine($"# Crisis detection on the {half} half");
        Console.WriteLine(evaluation.Report(listMistakes: args.Contains("--mistakes")));
        return 0;
    }
}
