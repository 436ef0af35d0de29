using BotService.Safety.CrisisDetection;
using Xunit.Abstractions;

namespace BotService.Tests.Safety.CrisisDetection;

/// <summary>
/// The detector on the labelled evaluation corpus (tests/BotService.Tests/Safety/CrisisDetection/corpus/eval). The held-out half was
/// frozen before the rules changed and is never tuned against: its figures are the honest estimate, and the floors
/// below only guard them against regressions. They are far from the target (recall 99 %, false pages 3 %): see
/// bench/README.md, "Crisis detection", for what that gap means and what would close it.
/// </summary>
public sealed class CrisisEvaluationTests(ITestOutputHelper output)
{
    private static string Corpus(string half, string language) =>
        Path.Combine(CrisisTestSupport.CorpusDir, "eval", $"{language}-{half}.tsv");

    [Theory]
    [InlineData("en", 0.95, 0.03)]
    [InlineData("es", 0.95, 0.075)]
    public void Held_out_half_does_not_fall_below_its_recorded_figures(string language, double minRecall, double maxFalsePages)
    {
        var evaluation = CrisisCorpusEvaluation.Run(CrisisTestSupport.Detector, [Corpus("heldout", language)]);
        output.WriteLine(evaluation.Report(listMistakes: false));

        Assert.True(evaluation.Rows.Count(r => r.IsCrisis) >= 200, "the held-out half needs at least 200 crisis texts per language");
        Assert.True(evaluation.Recall(language) >= minRecall, $"held-out recall {evaluation.Recall(language):P1} < {minRecall:P0}");
        Assert.True(evaluation.FalsePages(language) <= maxFalsePages, $"held-out false pages {evaluation.FalsePages(language):P1} > {maxFalsePages:P0}");
    }

    [Theory]
    [InlineData("en", 0.02)]
    [InlineData("es", 0.05)]
    public void Tuning_halves_stay_where_the_rules_were_written_for_them(string language, double maxFalsePages)
    {
        // The example files were tuned against: a drop here means an edit broke something that worked.
        var evaluation = CrisisCorpusEvaluation.Run(CrisisTestSupport.Detector, ExampleFiles(language));
        output.WriteLine(evaluation.Report(listMistakes: true));

        // The learned layer trains on these texts, so nearly all page (it is regularised, so not every one); false pages
        // are the rules' own, since the layer never lowers a page.
        Assert.True(evaluation.Recall(language) >= 0.97, $"example recall {evaluation.Recall(language):P1}");
        Assert.True(evaluation.FalsePages(language) <= maxFalsePages, $"example false pages {evaluation.FalsePages(language):P1}");
    }

    [Fact]
    public void The_corpus_has_both_kinds_in_every_half_and_language()
    {
        foreach (var language in new[] { "en", "es" })
        {
            // The two writers' files and the held-out half; other example files (near misses) may be everyday only.
            var writers = ExampleFiles(language).Where(f => Path.GetFileName(f).EndsWith("-writer.tsv", StringComparison.Ordinal));
            foreach (var (name, files) in writers.Select(f => (Path.GetFileName(f), new[] { f })).Append(("heldout", [Corpus("heldout", language)])))
            {
                var rows = CrisisCorpusEvaluation.Run(CrisisTestSupport.Detector, files).Rows;
                Assert.True(rows.Count(r => r.IsCrisis) >= 200, $"{language} {name}: crisis texts");
                Assert.True(rows.Count(r => !r.IsCrisis) >= 190, $"{language} {name}: everyday texts");
                Assert.Equal(8, rows.Where(r => r.IsCrisis).Select(r => r.Category).Distinct().Count());
            }
        }
    }

    [Fact]
    public void No_held_out_text_is_among_the_examples_the_learned_layer_trains_on()
    {
        var trained = CrisisDetector.ExampleFiles(CrisisTestSupport.DialogsRoot)
            .SelectMany(CrisisExampleFile.Read).Select(e => e.Text.Trim().ToLowerInvariant()).ToHashSet();
        var leaked = new[] { "en", "es" }.SelectMany(l => CrisisExampleFile.Read(Corpus("heldout", l)))
            .Where(e => trained.Contains(e.Text.Trim().ToLowerInvariant())).Select(e => e.Source).ToList();
        Assert.Empty(leaked);
    }

    private static string[] ExampleFiles(string language) =>
        CrisisDetector.ExampleFiles(CrisisTestSupport.DialogsRoot).Where(f => CrisisCorpusEvaluation.LanguageOf(f) == language).ToArray();
}
