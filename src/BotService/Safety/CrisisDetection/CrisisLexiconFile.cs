using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Shape of <c>dialogs/&lt;lang&gt;/crisis-concepts.yaml</c>. Unknown keys are rejected on purpose: a
/// misspelled "rulse:" must stop the service at start-up, not silently drop every rule.
/// </summary>
internal sealed class CrisisLexiconFile
{
    public string? Language { get; set; }

    public Dictionary<string, string>? Spellings { get; set; }

    public Dictionary<string, string>? Digits { get; set; }

    public Dictionary<string, string>? SoundAlikes { get; set; }

    public List<string>? CommonWords { get; set; }

    public List<string>? NotTypos { get; set; }

    /// <summary>
    /// Word endings that make a real word from a known one ("ando" -> "ar": "ahorrando" is "ahorrar" at work), so an
    /// inflected word missing from the vocabulary is never "corrected" into a crisis word.
    /// </summary>
    public Dictionary<string, List<string>?>? Inflections { get; set; }

    /// <summary>Pronouns written onto the end of a verb ("hablarle", "diciendome"); stripped before the inflections.</summary>
    public List<string>? Clitics { get; set; }

    public Dictionary<string, List<string>?>? Concepts { get; set; }

    /// <summary>severity -> category -> rules such as "self + want + die (within 6)".</summary>
    public Dictionary<string, Dictionary<string, List<string>?>?>? Rules { get; set; }

    public List<string>? Idioms { get; set; }

    /// <summary>Words that make a match sound like a joke ("lol"), inside it or just after it: high and imminent become concern.</summary>
    public List<string>? Softeners { get; set; }

    /// <summary>Words that put a match in the past ("used to", "a year ago"), inside it or just before it: the same.</summary>
    public List<string>? Past { get; set; }

    /// <summary>Words that say she means it ("i mean it", "not joking"): when present, nothing is softened.</summary>
    public List<string>? Serious { get; set; }

    internal static CrisisLexiconFile Parse(string yaml, string sourceName)
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(HyphenatedNamingConvention.Instance)
            .Build();
        try
        {
            return deserializer.Deserialize<CrisisLexiconFile?>(yaml)
                ?? throw new InvalidDataException($"{sourceName}: the file is empty.");
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{sourceName}: {ex.Message} (line {ex.Start.Line}, column {ex.Start.Column})", ex);
        }
    }
}
