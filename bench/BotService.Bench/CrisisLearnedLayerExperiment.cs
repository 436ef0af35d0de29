using BotService.Safety.CrisisDetection;

namespace BotService.Bench;

/// <summary>
/// <c>crisis-cv</c>: how much the learned layer adds, measured without the held-out half: 5-fold cross-validation over
/// the tuning sets, and training on the first writer's texts to test on the second writer's.
/// </summary>
internal static class CrisisLearnedLayerExperiment
{
    internal static int Run(string[] args)
    {
        if (args.Length > 2 && args[1] == "--explain")
        {
            var shipped = CrisisDetector.LoadFrom(Path.Combine(BenchPaths.RepoRoot, "dialogs"));
            foreach (var text in args[2..])
            {
                Console.WriteLine($"{shipped.RulesOnly(text).RuleId} -> {shipped.Assess(text).RuleId} p={shipped.SecondOpinion(text)?.CrisisProbability:F3}");
                foreach (var language in shipped.Languages)
                {
                    Console.WriteLine($"  {language}: {shipped.Explain(text, language)}");
                }
            }

            return 0;
        }

        var rulesAt = Array.IndexOf(args, "--rules");
        var detector = CrisisDetector.LoadFrom(rulesAt > 0 ? args[rulesAt + 1] : Path.Combine(BenchPaths.RepoRoot, "dialogs"));
        var rows = new List<Item>();
        foreach (var half in new[] { "first-writer", "second-writer", "third-writer", "fourth-writer" })
        {
            foreach (var file in CrisisDetector.ExampleFiles(Path.Combine(BenchPaths.RepoRoot, "dialogs")).Where(f => Path.GetFileNameWithoutExtension(f) == half))
            {
                var language = CrisisCorpusEvaluation.LanguageOf(file);
                foreach (var example in CrisisExampleFile.Read(file))
                {
                    var (rules, slots) = detector.AssessWithFeatures(example.Text);
                    rows.Add(new Item(language, half, example, rules.PagesVolunteers, slots));
                }
            }
        }

        var settings = CrisisTrainingSettings.Default;
        if (Array.IndexOf(args, "--l2") is > 0 and var l2At) settings = settings with { L2 = float.Parse(args[l2At + 1], System.Globalization.CultureInfo.InvariantCulture) };
        if (Array.IndexOf(args, "--epochs") is > 0 and var epochsAt) settings = settings with { Epochs = int.Parse(args[epochsAt + 1], System.Globalization.CultureInfo.InvariantCulture) };
        Console.WriteLine($"{rows.Count} texts; settings {settings}");

        // A: 5-fold cross-validation over both writers.
        var probability = new double[rows.Count];
        for (var fold = 0; fold < 5; fold++)
        {
            var train = rows.Where((_, i) => i % 5 != fold).Select(r => (r.Slots, Label(r.Example))).ToList();
            var model = CrisisTextModel.Train(train, settings);
            for (var i = fold; i < rows.Count; i += 5)
            {
                probability[i] = model.Predict(rows[i].Slots).CrisisProbability;
            }
        }

        Report("5-fold cross-validation over every writer's texts", rows, probability, Enumerable.Range(0, rows.Count));

        // B: the earlier writers -> the last writer.
        var devModel = CrisisTextModel.Train(rows.Where(r => r.Half != "fourth-writer").Select(r => (r.Slots, Label(r.Example))).ToList(), settings);
        var cross = new double[rows.Count];
        var validation = Enumerable.Range(0, rows.Count).Where(i => rows[i].Half == "fourth-writer").ToList();
        foreach (var i in validation)
        {
            cross[i] = devModel.Predict(rows[i].Slots).CrisisProbability;
        }

        Report("trained on the first three writers, tested on the fourth", rows, cross, validation);
        return 0;
    }

    private static string Label(CrisisExample example) => example.IsCrisis ? example.Category : CrisisTextModel.EverydayLabel;

    private static void Report(string title, List<Item> rows, double[] probability, IEnumerable<int> indices)
    {
        Console.WriteLine($"## {title}");
        var list = indices.ToList();
        foreach (var language in new[] { "en", "es" })
        {
            var mine = list.Where(i => rows[i].Language == language).ToList();
            var crisis = mine.Where(i => rows[i].Example.IsCrisis).ToList();
            var everyday = mine.Where(i => !rows[i].Example.IsCrisis).ToList();
            double Rate(List<int> set, Func<int, bool> p) => set.Count == 0 ? 0 : 100.0 * set.Count(p) / set.Count;
            Console.WriteLine($"{language}: rules alone recall {Rate(crisis, i => rows[i].RulesPaged):F1}% fp {Rate(everyday, i => rows[i].RulesPaged):F1}%  ({crisis.Count} crisis, {everyday.Count} everyday)");
            foreach (var t in new[] { 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9 })
            {
                Console.WriteLine(
                    $"  t={t:F2}: model recall {Rate(crisis, i => probability[i] >= t):F1}% fp {Rate(everyday, i => probability[i] >= t):F1}%"
                    + $" | rules OR model recall {Rate(crisis, i => rows[i].RulesPaged || probability[i] >= t):F1}% fp {Rate(everyday, i => rows[i].RulesPaged || probability[i] >= t):F1}%");
            }
        }
    }

    private sealed record Item(string Language, string Half, CrisisExample Example, bool RulesPaged, int[] Slots);
}
