using System.Diagnostics;
using BotService.Safety.CrisisDetection;

namespace BotService.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/BotService.Bench -- crisis-eval [heldout|examples|first-writer|second-writer] [--mistakes]</c>:
/// the crisis detector's confusion table on one half of the labelled corpus, then its latency per text.
/// </summary>
internal static class CrisisEvaluationCommand
{
    private const int Rounds = 20;

    internal static int Run(string[] args)
    {
        var half = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "heldout";
        var corpus = Path.Combine(BenchPaths.RepoRoot, "tests", "BotService.Tests", "Safety", "CrisisDetection", "corpus", "eval");
        var loading = Stopwatch.StartNew();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var dialogsAt = Array.IndexOf(args, "--dialogs");
        var detector = CrisisDetector.LoadFrom(dialogsAt > 0 ? args[dialogsAt + 1] : Path.Combine(BenchPaths.RepoRoot, "dialogs"));
        var loaded = GC.GetTotalMemory(forceFullCollection: true) - before;
        loading.Stop();

        // A folder of <lang>-<name>.tsv files (a new writer's texts before anyone trains on them);
        // "heldout" is the frozen half in the tests; "examples" (or one writer's file name) is what the learned layer trains on.
        var files = Directory.Exists(half)
            ? Directory.GetFiles(half, "*-*.tsv").Order(StringComparer.Ordinal).ToArray()
            : half == "heldout"
            ? Directory.GetFiles(corpus, $"*-{half}.tsv").Order(StringComparer.Ordinal).ToArray()
            : CrisisDetector.ExampleFiles(Path.Combine(BenchPaths.RepoRoot, "dialogs"))
                .Where(f => half == "examples" || Path.GetFileNameWithoutExtension(f) == half).ToArray();
        var evaluation = CrisisCorpusEvaluation.Run(args.Contains("--rules-only") ? new RulesOnlyDetector(detector) : detector, files);
        Console.WriteLine($"# Crisis detection on the {half} half");
        Console.WriteLine(evaluation.Report(listMistakes: args.Contains("--mistakes")));
        if (!args.Contains("--no-timing"))
        {
            ReportLatency(detector, evaluation.Rows.Select(r => r.Text).ToArray());
        }

        Console.WriteLine($"Load: {loading.Elapsed.TotalMilliseconds:F0} ms, {loaded / 1_048_576.0:F1} MB of managed heap for both languages");
        return 0;
    }

    /// <summary>Every corpus text, <see cref="Rounds"/> times over, one at a time on one thread.</summary>
    private static void ReportLatency(CrisisDetector detector, string[] texts)
    {
        foreach (var text in texts)
        {
            detector.Assess(text);
        }

        var ticks = new List<long>(texts.Length * Rounds);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var text in texts)
            {
                var start = Stopwatch.GetTimestamp();
                detector.Assess(text);
                ticks.Add(Stopwatch.GetTimestamp() - start);
            }
        }

        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        ticks.Sort();
        double Micros(double quantile) => ticks[(int)Math.Min(ticks.Count - 1, quantile * ticks.Count)] * 1_000_000.0 / Stopwatch.Frequency;
        var meanLength = texts.Average(t => t.Length);
        Console.WriteLine($"Latency over {ticks.Count:N0} assessments (texts averaging {meanLength:F0} characters): " +
            $"p50 {Micros(0.50):F1} µs, p99 {Micros(0.99):F1} µs, max {Micros(1.0):F1} µs; {allocated / (double)ticks.Count / 1024:F1} KB allocated per text");
    }

    /// <summary>The concept rules without the learned layer, to see what each part contributes.</summary>
    private sealed class RulesOnlyDetector(CrisisDetector detector) : ICrisisDetector
    {
        public CrisisAssessment Assess(string text) => detector.RulesOnly(text);
    }
}
