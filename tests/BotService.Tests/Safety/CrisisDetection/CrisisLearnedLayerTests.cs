using BotService.Safety.CrisisDetection;
using BotService.Tests.Support;

namespace BotService.Tests.Safety.CrisisDetection;

/// <summary>
/// The learned layer beside the concept rules: it pages on meaning the rules have no words for, never lowers what the
/// rules decide, leaves texts of one or two words to the rules, and refuses a bad example file at start-up.
/// </summary>
public sealed class CrisisLearnedLayerTests
{
    private static CrisisDetector Detector => CrisisTestSupport.Detector;

    [Theory]
    [InlineData("ya regalé mis cosas y dejé todo en orden, gracias por todo", CrisisCategory.Suicide)]
    [InlineData("tengo todo listo para el sábado, ya no voy a ser un problema para nadie", CrisisCategory.Suicide)]
    [InlineData("i dont see why i should keep trying, its been the same for years and i am so tired of all of it", CrisisCategory.Suicide)]
    public void Pages_on_what_the_rules_have_no_words_for(string text, CrisisCategory category)
    {
        Assert.False(Detector.RulesOnly(text).PagesVolunteers, "the rules alone already page this: pick a text they miss");

        var assessment = Detector.Assess(text);

        Assert.True(assessment.PagesVolunteers, $"{assessment.Severity} {assessment.RuleId}");
        Assert.Equal(category, assessment.Category);
        Assert.StartsWith("learned.high.", assessment.RuleId);
    }

    [Theory]
    [InlineData("HELP")]
    [InlineData("SAFE")]
    [InlineData("no")]
    [InlineData("ok thanks")]
    [InlineData("se puso")]
    public void Texts_under_three_words_are_left_to_the_rules(string text)
    {
        Assert.Equal(0, Detector.SecondOpinion(text)!.Value.CrisisProbability);
        Assert.False(Detector.Assess(text).PagesVolunteers);
    }

    [Theory]
    [InlineData("she turned blue")]
    [InlineData("ya me encontro")]
    public void Three_word_texts_get_a_second_opinion(string text)
    {
        Assert.False(Detector.RulesOnly(text).PagesVolunteers, "the rules alone already page this: pick a text they miss");

        Assert.True(Detector.SecondOpinion(text)!.Value.CrisisProbability > 0.5, $"p={Detector.SecondOpinion(text)!.Value.CrisisProbability:F2}");
    }

    [Theory]
    [InlineData("starting my diet again and i want to dye my hair")]
    [InlineData("i cut coupons and hung the laundry, a good day")]
    public void Words_that_only_look_like_crisis_words_do_not_page(string text) =>
        Assert.False(Detector.Assess(text).PagesVolunteers, Detector.Assess(text).RuleId);

    [Fact]
    public void A_rule_page_is_never_lowered_by_the_learned_layer()
    {
        // The layer reads this one as everyday (the idiom dominates); the rules page, and the page stands.
        const string text = "dying to see my kids but i want to die";
        Assert.True(Detector.SecondOpinion(text)!.Value.CrisisProbability < CrisisDetector.PageAtProbability);
        Assert.Equal(CrisisSeverity.High, Detector.Assess(text).Severity);
    }

    [Fact]
    public void The_same_examples_train_the_same_model_wherever_they_are()
    {
        using var first = DialogsCopy.Create();
        using var second = DialogsCopy.Create();
        var a = CrisisDetector.LoadFrom(first.Root);
        var b = CrisisDetector.LoadFrom(second.Root);

        Assert.NotSame(a, b);
        Assert.True(a.HasLearnedLayer);
        foreach (var text in new[] { "ya regalé mis cosas y dejé todo en orden, gracias por todo", "we went to the park and had ice cream" })
        {
            Assert.Equal(a.SecondOpinion(text)!.Value.CrisisProbability, b.SecondOpinion(text)!.Value.CrisisProbability);
        }

        Assert.Same(a, CrisisDetector.LoadFrom(first.Root));
    }

    [Theory]
    [InlineData("crisis\tsuicide\thigh", "write kind<TAB>category<TAB>severity<TAB>text")]
    [InlineData("crisis\tsadness\thigh\tnothing matters", "'sadness' is not one of")]
    [InlineData("urgent\tsuicide\thigh\tnothing matters", "kind being 'crisis' or 'everyday'")]
    public void A_bad_example_line_stops_start_up_naming_the_file_and_line(string line, string expected)
    {
        using var copy = DialogsCopy.Create();
        File.WriteAllText(Path.Combine(copy.Root, "en", CrisisDetector.ExamplesFolderName, "added.tsv"), $"# added by the coordinator\n{line}\n");

        var error = Assert.Throws<InvalidDataException>(() => CrisisDetector.LoadFrom(copy.Root));

        Assert.Contains("added.tsv:2", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_host_with_a_bad_example_line_does_not_start()
    {
        using var copy = DialogsCopy.Create();
        File.WriteAllText(Path.Combine(copy.Root, "en", CrisisDetector.ExamplesFolderName, "added.tsv"), "crisis\tsadness\thigh\tnothing matters\n");
        using var host = new BotTestHost { Settings = new Dictionary<string, string?> { ["Content:Root"] = copy.Root } };

        // Loaded before the host takes traffic, not on the first member's message.
        var error = Assert.ThrowsAny<Exception>(() => { _ = host.Services; });

        Assert.Contains("added.tsv:1", error.ToString());
    }

    [Fact]
    public void Without_example_files_the_rules_work_alone()
    {
        using var copy = DialogsCopy.Create();
        foreach (var language in new[] { "en", "es" })
        {
            Directory.Delete(Path.Combine(copy.Root, language, CrisisDetector.ExamplesFolderName), recursive: true);
        }

        var detector = CrisisDetector.LoadFrom(copy.Root);

        Assert.False(detector.HasLearnedLayer);
        Assert.True(detector.Assess("i want to kill myself").PagesVolunteers);
        Assert.False(detector.Assess("ya regalé mis cosas y dejé todo en orden, gracias por todo").PagesVolunteers);
    }

    /// <summary>The shipped crisis files (concepts, vocabulary, examples) copied to a temporary folder.</summary>
    private sealed class DialogsCopy : IDisposable
    {
        private DialogsCopy(string root) => Root = root;

        public string Root { get; }

        public static DialogsCopy Create()
        {
            var root = Path.Combine(Path.GetTempPath(), "crisis-dialogs-" + Guid.NewGuid().ToString("N"));
            foreach (var language in new[] { "en", "es" })
            {
                var source = Path.Combine(CrisisTestSupport.DialogsRoot, language);
                var target = Path.Combine(root, language);
                Directory.CreateDirectory(Path.Combine(target, CrisisDetector.ExamplesFolderName));
                foreach (var name in new[] { CrisisDetector.ConceptFileName, CrisisDetector.VocabularyFileName })
                {
                    File.Copy(Path.Combine(source, name), Path.Combine(target, name));
                }

                foreach (var file in Directory.GetFiles(Path.Combine(source, CrisisDetector.ExamplesFolderName)))
                {
                    File.Copy(file, Path.Combine(target, CrisisDetector.ExamplesFolderName, Path.GetFileName(file)));
                }
            }

            return new DialogsCopy(root);
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
