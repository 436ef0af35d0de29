using System.Text.RegularExpressions;
using BotService.Content;
using BotService.Tests.Support;

namespace BotService.Tests.Content;

/// <summary>
/// Checks every message file in dialogs/: every key in every language, the same placeholders, within its segment
/// budget; proactive messages in one segment; discreet variants and proactive messages free of sensitive words.
/// Budgets are counted with Messaging/SmsSegments, the counter the outbox uses.
/// </summary>
public sealed partial class ContentCheckTests
{
    /// <summary>Content:SensitiveWords default, plus Spanish equivalents (checked as word prefixes, accents folded).</summary>
    public static readonly string[] SensitiveWords =
    [
        "addiction", "recovery", "relapse", "drug", "alcohol", "craving", "suicide", "abuse", "sober", "using",
        "adiccion", "recuperacion", "recaida", "droga", "suicidio", "abuso", "sobria", "consumir",
    ];

    private static readonly ContentCatalog Catalog = ContentCatalog.LoadFrom(RepoPaths.Dialogs);

    // Values as long as the code ever puts in, so the budget holds for the real text.
    private static readonly Dictionary<string, string> Samples = new(StringComparer.Ordinal)
    {
        ["time"] = "12:30 PM", ["first"] = "12:30 PM", ["last"] = "12:30 PM", ["quiet"] = "12:30 PM", ["zone"] = "Puerto Rico",
        ["suggested"] = "Puerto Rico", ["days"] = "30", ["discreet"] = "modo discreto activado", ["codeword"] = "your own word",
        ["list"] = "1 Eastern 2 Central 3 Mountain 4 Pacific 5 Alaska 6 Hawaii 7 Puerto Rico",
    };

    public static IEnumerable<object[]> AllMessages() =>
        Catalog.Languages.SelectMany(l => Catalog.Messages(l)).Select(m => new object[] { m.Language, m.Key });

    [Fact]
    public void Every_key_exists_in_every_language()
    {
        var keys = Catalog.Languages.ToDictionary(l => l, l => Catalog.Messages(l).Select(m => m.Key).ToHashSet());
        Assert.Contains("en", keys.Keys);
        Assert.Contains("es", keys.Keys);
        foreach (var (language, own) in keys)
            foreach (var (other, theirs) in keys)
                Assert.True(theirs.IsSubsetOf(own), $"dialogs/{language} lacks {string.Join(", ", theirs.Except(own))} (present in {other})");
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Placeholders_match_across_languages_and_the_message_fits_its_budget(string language, string key)
    {
        var message = Catalog.Message(language, key);
        foreach (var other in Catalog.Languages.Where(l => Catalog.Contains(l, key)))
            Assert.True(message.Placeholders.SetEquals(Catalog.Message(other, key).Placeholders), $"{key}: placeholders differ between {language} and {other}");

        var filled = Placeholder().Replace(message.Text, m => Samples.GetValueOrDefault(m.Groups[1].Value, "xxxxxxxxxx"));
        var segments = BotService.Messaging.SmsSegments.Count(filled).Segments;
        Assert.True(message.SegmentBudget <= 3, $"{language}/{key}: budget {message.SegmentBudget} is over the 3-segment limit");
        Assert.True(segments <= message.SegmentBudget, $"{language}/{key}: {segments} segments, budget {message.SegmentBudget} ({filled.Length} chars)");
        if (message.Proactive) Assert.True(segments == 1, $"{language}/{key}: proactive messages must fit one segment");
    }

    [Theory]
    [MemberData(nameof(AllMessages))]
    public void Discreet_and_proactive_messages_carry_no_sensitive_words(string language, string key)
    {
        var message = Catalog.Message(language, key);
        if (!message.Proactive && !key.EndsWith("_discreet", StringComparison.Ordinal)) return;
        var words = BotService.Dialogs.Recognizers.TextNormalizer.Tokens(message.Text);
        foreach (var sensitive in SensitiveWords)
            Assert.False(words.Any(w => w.StartsWith(sensitive, StringComparison.Ordinal)), $"{language}/{key} contains '{sensitive}'");
    }

    [Theory]
    [InlineData("hello", 1)]
    [InlineData("¿Cómo estás?", 1)]
    public void Segment_counter_sanity(string text, int expected) => Assert.Equal(expected, Segments(text));

    [Fact]
    public void Segment_counter_limits()
    {
        Assert.Equal(1, Segments(new string('a', 160)));
        Assert.Equal(2, Segments(new string('a', 161)));
        Assert.Equal(2, Segments(new string('a', 159) + "{")); // an escape character counts twice
        Assert.Equal(1, Segments("ó" + new string('a', 69)));
        Assert.Equal(2, Segments("ó" + new string('a', 70)));
        Assert.Equal(3, Segments("ó" + new string('a', 200)));
        Assert.Equal(4, Segments("ó" + new string('a', 201)));
    }

    private static int Segments(string text) => BotService.Messaging.SmsSegments.Count(text).Segments;

    [GeneratedRegex(@"\{([A-Za-z][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
