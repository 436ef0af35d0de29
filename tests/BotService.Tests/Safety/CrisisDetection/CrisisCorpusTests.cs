using BotService.Safety.CrisisDetection;
using Xunit.Abstractions;

namespace BotService.Tests.Safety.CrisisDetection;

public sealed class CrisisCorpusTests(ITestOutputHelper output)
{
    private const double MaxOrdinaryFlaggedRate = 0.05;

    [Fact]
    public void Every_crisis_message_pages_or_gets_its_support_reply()
    {
        var detector = CrisisTestSupport.Detector;
        var corpus = new[] { "crisis-en.txt", "crisis-es.txt" }
            .SelectMany(file => CrisisTestSupport.ReadCrisisCorpus(file).Select(e => (File: file, e.Expected, e.Message, e.Line)))
            .ToList();

        Assert.True(corpus.Count >= 150, $"crisis corpus has only {corpus.Count} messages");

        var misses = new List<string>();
        var exact = 0;
        foreach (var (file, expected, message, line) in corpus)
        {
            var assessment = detector.Assess(message);
            // What the member gets is what counts: high and imminent both page (imminent first), support needs a reply.
            if (expected >= CrisisSeverity.High ? !assessment.PagesVolunteers : !assessment.IsFlagged)
            {
                misses.Add($"  {file}:{line} expected {expected}, got {assessment.Severity}: {message}");
            }
            else if (assessment.Severity == expected)
            {
                exact++;
            }
        }

        foreach (var group in corpus.GroupBy(e => e.File))
        {
            var detected = group.Count(e => e.Expected >= CrisisSeverity.High ? detector.Assess(e.Message).PagesVolunteers : detector.Assess(e.Message).IsFlagged);
            output.WriteLine($"{group.Key}: {detected}/{group.Count()} detected at labelled severity or higher ({100.0 * detected / group.Count():F1} %)");
        }

        output.WriteLine($"total: {corpus.Count - misses.Count}/{corpus.Count} detected; {exact} at exactly the labelled severity");
        foreach (var miss in misses)
        {
            output.WriteLine(miss);
        }

        Assert.True(misses.Count == 0, $"{misses.Count} crisis messages missed:\n{string.Join('\n', misses)}");
    }

    [Fact]
    public void Ordinary_messages_are_rarely_flagged()
    {
        var detector = CrisisTestSupport.Detector;
        var corpus = new[] { "ordinary-en.txt", "ordinary-es.txt" }
            .SelectMany(file => CrisisTestSupport.ReadOrdinaryCorpus(file).Select(m => (File: file, Message: m)))
            .ToList();

        Assert.True(corpus.Count >= 100, $"ordinary corpus has only {corpus.Count} messages");

        var flagged = corpus
            .Select(e => (e.File, e.Message, Assessment: detector.Assess(e.Message)))
            .Where(e => e.Assessment.IsFlagged)
            .ToList();

        var rate = (double)flagged.Count / corpus.Count;
        foreach (var group in corpus.GroupBy(e => e.File))
        {
            var count = flagged.Count(f => f.File == group.Key);
            output.WriteLine($"{group.Key}: {count}/{group.Count()} flagged ({100.0 * count / group.Count():F1} %)");
        }

        output.WriteLine($"total: {flagged.Count}/{corpus.Count} flagged ({100 * rate:F1} %, limit {100 * MaxOrdinaryFlaggedRate:F0} %)");
        foreach (var f in flagged)
        {
            output.WriteLine($"  {f.File}: {f.Assessment.Severity} via {f.Assessment.RuleId}: {f.Message}");
        }

        Assert.True(rate <= MaxOrdinaryFlaggedRate, $"{flagged.Count} of {corpus.Count} ordinary messages flagged ({100 * rate:F1} %)");
    }

    [Fact]
    public void Corpus_severity_labels_cover_every_level_in_both_languages()
    {
        foreach (var file in new[] { "crisis-en.txt", "crisis-es.txt" })
        {
            var levels = CrisisTestSupport.ReadCrisisCorpus(file).Select(e => e.Expected).ToHashSet();
            Assert.Contains(CrisisSeverity.Imminent, levels);
            Assert.Contains(CrisisSeverity.High, levels);
            Assert.Contains(CrisisSeverity.Support, levels);
        }
    }
}
