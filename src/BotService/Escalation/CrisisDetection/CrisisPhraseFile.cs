using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BotService.Escalation.CrisisDetection;

/// <summary>
/// Shape of <c>dialogs/&lt;lang&gt;/crisis-phrases.yaml</c>. Unknown keys are rejected on purpose: a
/// misspelled "imminnet:" must stop the service at start-up, not silently drop a whole list.
/// </summary>
internal sealed class CrisisPhraseFile
{
    public string? Language { get; set; }

    public Dictionary<string, string>? Spellings { get; set; }

    public Dictionary<string, string>? Digits { get; set; }

    public List<string>? CommonWords { get; set; }

    public List<string>? NotTypos { get; set; }

    public Dictionary<string, List<string>?>? Imminent { get; set; }

    public Dictionary<string, List<string>?>? High { get; set; }

    public Dictionary<string, List<string>?>? Support { get; set; }

    public List<string>? Idioms { get; set; }

    internal static CrisisPhraseFile Parse(string yaml, string sourceName)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(HyphenatedNamingConvention.Instance)
            .Build();
        try
        {
            return deserializer.Deserialize<CrisisPhraseFile?>(yaml)
                ?? throw new InvalidDataException($"{sourceName}: the file is empty.");
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{sourceName}: {ex.Message} (line {ex.Start.Line}, column {ex.Start.Column})", ex);
        }
    }
}
