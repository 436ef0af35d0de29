using System.Globalization;
using System.Text;

namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Scores a detector on a labelled corpus (<c>kind&lt;TAB&gt;category&lt;TAB&gt;severity&lt;TAB&gt;text</c>, kind being
/// "crisis" or "everyday") and prints the confusion table per language and category. Shared by the evaluation
/// test and the bench command so both report the same figures.
/// </summary>
internal sealed class CrisisCorpusEvaluation
{
    private readonly List<Row> _rows = [];

    internal IReadOnlyList<Row> Rows => _rows;

    internal static CrisisCorpusEvaluation Run(ICrisisDetector detector, IEnumerable<string> files)
    {
        var evaluation = new CrisisCorpusEvaluation();
        foreach (var file in files)
        {
            var language = LanguageOf(file);
            foreach (var example in CrisisExampleFile.Read(file))
            {
                var assessment = detector.Assess(example.Text);
                evaluation._rows.Add(new Row(language, example.IsCrisis, example.Category, example.Severity, example.Text, assessment, example.Source));
            }
        }

        return evaluation;
    }

    /// <summary>"en" for both <c>eval/en-heldout.tsv</c> and <c>dialogs/en/crisis-examples/first-writer.tsv</c>.</summary>
    internal static string LanguageOf(string file) =>
        Path.GetFileName(Path.GetDirectoryName(file)) == CrisisDetector.ExamplesFolderName
            ? Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(file)))!
            : Path.GetFileName(file).Split('-')[0];

    /// <summary>Share of crisis texts that got the safety reply and a page.</summary>
    internal double Recall(string language) => Share(_rows.Where(r => r.Language == language && r.IsCrisis), r => r.Paged);

    /// <summary>Share of everyday texts that paged a volunteer.</summary>
    internal double FalsePages(string language) => Share(_rows.Where(r => r.Language == language && !r.IsCrisis), r => r.Paged);

    internal IEnumerable<string> Languages => _rows.Select(r => r.Language).Distinct().Order(StringComparer.Ordinal);

    internal string Report(bool listMistakes)
    {
        var text = new StringBuilder();
        foreach (var language in Languages)
        {
            var rows = _rows.Where(r => r.Language == language).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"## {language}: recall {Recall(language):P1} (crisis texts paged), false pages {FalsePages(language):P1}");
            text.AppendLine("| kind | category | texts | paged (high/imminent) | crisis lines only (concern) | support reply | nothing |");
            text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var group in rows.GroupBy(r => (r.IsCrisis, r.Category)).OrderByDescending(g => g.Key.IsCrisis).ThenBy(g => g.Key.Category, StringComparer.Ordinal))
            {
                AppendLine(text, group.Key.IsCrisis ? "crisis" : "everyday", group.Key.Category, group.ToList());
            }

            AppendLine(text, "crisis", "**all**", rows.Where(r => r.IsCrisis).ToList());
            AppendLine(text, "everyday", "**all**", rows.Where(r => !r.IsCrisis).ToList());
            text.AppendLine();
        }

        if (listMistakes)
        {
            foreach (var row in _rows.Where(r => r.IsCrisis != r.Paged))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{(row.IsCrisis ? "MISSED" : "FALSE PAGE")} {row.Source} [{row.Category}] {row.Assessment.Severity} {row.Assessment.RuleId}: {row.Text}");
            }
        }

        return text.ToString();
    }

    private static void AppendLine(StringBuilder text, string kind, string category, List<Row> rows)
    {
        int Count(Func<Row, bool> predicate) => rows.Count(predicate);
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {kind} | {category} | {rows.Count} | {Count(r => r.Paged)} | {Count(r => r.Assessment.Severity == CrisisSeverity.Concern)} | {Count(r => r.Assessment.Severity == CrisisSeverity.Support)} | {Count(r => r.Assessment.Severity == CrisisSeverity.None)} |");
    }

    private static double Share(IEnumerable<Row> rows, Func<Row, bool> predicate)
    {
        var list = rows.ToList();
        return list.Count == 0 ? 0 : (double)list.Count(predicate) / list.Count;
    }

    internal sealed record Row(string Language, bool IsCrisis, string Category, string Severity, string Text, CrisisAssessment Assessment, string Source)
    {
        public bool Paged => Assessment.PagesVolunteers;
    }
}
