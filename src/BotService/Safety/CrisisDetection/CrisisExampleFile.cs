namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Reads labelled texts written one a line as <c>kind&lt;TAB&gt;category&lt;TAB&gt;severity&lt;TAB&gt;text</c>, kind being
/// "crisis" or "everyday". Lines starting with '#' and blank lines are skipped. A malformed line throws, naming the
/// file and line, so a bad edit stops start-up instead of quietly training on nonsense.
/// </summary>
internal static class CrisisExampleFile
{
    internal static IEnumerable<CrisisExample> Read(string path)
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line[0] == '#')
            {
                continue;
            }

            var fields = line.Split('\t');
            if (fields.Length != 4 || fields[0] is not ("crisis" or "everyday") || fields[1].Length == 0 || string.IsNullOrWhiteSpace(fields[3]))
            {
                throw new InvalidDataException(
                    $"{path}:{lineNumber}: write kind<TAB>category<TAB>severity<TAB>text, kind being 'crisis' or 'everyday'.");
            }

            if (fields[0] == "crisis" && !CrisisExampleCategories.IsKnown(fields[1]))
            {
                throw new InvalidDataException(
                    $"{path}:{lineNumber}: crisis category '{fields[1]}' is not one of {string.Join(", ", CrisisExampleCategories.Names)}.");
            }

            yield return new CrisisExample(fields[0] == "crisis", fields[1], fields[2], fields[3], $"{Path.GetFileName(path)}:{lineNumber}");
        }
    }
}
