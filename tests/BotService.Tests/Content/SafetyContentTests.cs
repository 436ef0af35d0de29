using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Tests.Support;

namespace BotService.Tests.Content;

/// <summary>
/// The safety replies in dialogs/&lt;lang&gt;/safety.yaml are edited by coordinators: these checks keep every reply
/// naming the lines that fit its case (the detector's code picks the key), the Spanish replies naming the Spanish
/// services, and every reply GSM-7 so none costs three times as much.
/// </summary>
public sealed class SafetyContentTests
{
    private static readonly ContentCatalog Catalog = ContentCatalog.LoadFrom(RepoPaths.Dialogs);

    /// <summary>The keys the detector's code picks from, plus the two peer lines that follow the reply.</summary>
    public static readonly string[] SafetyKeys =
    [
        "imminent_suicide", "imminent_overdose", "overdose_other", "imminent_violence", "sexual_violence",
        "high", "concern", "support", "peer_paged", "peer_unavailable",
    ];

    public static IEnumerable<object[]> Required() =>
    [
        ["en", "imminent_suicide", new[] { "911", "988", "741741" }],
        ["en", "imminent_overdose", new[] { "911", "1-800-222-1222" }],
        ["en", "overdose_other", new[] { "911", "naloxone", "Narcan", "Stay with" }],
        ["en", "imminent_violence", new[] { "911", "1-800-799-7233", "START to 88788" }],
        ["en", "sexual_violence", new[] { "911", "1-800-656-4673", "not your fault" }],
        ["en", "high", new[] { "988", "741741" }],
        ["en", "concern", new[] { "988", "741741" }],
        ["en", "support", new[] { "1-800-662-4357", "988", "PEER" }],
        ["es", "imminent_suicide", new[] { "911", "988", "oprimir 2", "AYUDA al 988", "741741" }],
        ["es", "imminent_overdose", new[] { "911", "1-800-222-1222" }],
        ["es", "overdose_other", new[] { "911", "naloxona", "Narcan", "Quédate" }],
        ["es", "imminent_violence", new[] { "911", "1-800-799-7233", "en español" }],
        ["es", "sexual_violence", new[] { "911", "1-800-656-4673", "No fue tu culpa", "español" }],
        ["es", "high", new[] { "988", "oprimir 2", "AYUDA al 988", "741741" }],
        ["es", "concern", new[] { "988", "oprimir 2", "AYUDA al 988", "741741" }],
        ["es", "support", new[] { "1-800-662-4357", "en español", "988", "HABLAR" }],
    ];

    [Fact]
    public void Each_language_has_exactly_the_safety_keys_the_detector_picks_from()
    {
        foreach (var language in new[] { "en", "es" })
        {
            var keys = Catalog.Messages(language).Where(m => m.Key.StartsWith("safety.", StringComparison.Ordinal))
                .Select(m => m.Key["safety.".Length..]).Order(StringComparer.Ordinal);
            Assert.Equal(SafetyKeys.Order(StringComparer.Ordinal), keys);
        }
    }

    [Theory]
    [MemberData(nameof(Required))]
    public void Each_safety_reply_names_the_lines_that_fit_its_case(string language, string key, string[] required)
    {
        var text = Catalog.Text(language, "safety." + key);
        foreach (var part in required) Assert.True(text.Contains(part, StringComparison.Ordinal), $"{language}/safety.{key} lacks '{part}': {text}");
    }

    [Fact]
    public void Safety_replies_stay_gsm7_and_spanish_ones_use_the_spanish_keywords()
    {
        foreach (var language in new[] { "en", "es" })
            foreach (var key in SafetyKeys)
                Assert.Equal(SmsEncoding.Gsm7, SmsSegments.Count(Catalog.Text(language, "safety." + key)).Encoding);
        foreach (var key in SafetyKeys)
        {
            var text = Catalog.Text("es", "safety." + key);
            Assert.DoesNotContain("HOME", text, StringComparison.Ordinal);
            Assert.DoesNotContain("PEER", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("PEER")]
    [InlineData("HABLAR")]
    public void The_word_the_support_reply_offers_asks_for_a_peer(string word) =>
        Assert.Equal(GlobalCommandKind.Peer, GlobalCommands.Parse(word).Kind);

    [Theory]
    [InlineData("Si puedes hacerte daño")]
    [InlineData("textea")]
    [InlineData("alguien segura")]
    [InlineData("apareciste")]
    [InlineData("clínicas")]
    [InlineData("Peer Support Line")]
    public void Spanish_content_avoids_wording_that_reads_as_translated(string phrase)
    {
        foreach (var message in Catalog.Messages("es"))
            Assert.False(message.Text.Contains(phrase, StringComparison.OrdinalIgnoreCase), $"es/{message.Key}: '{phrase}' in {message.Text}");
    }

    [Fact]
    public void The_welcome_promises_nothing_a_volunteer_cannot_do()
    {
        foreach (var language in new[] { "en", "es" })
        {
            var about = Catalog.Text(language, "onboarding.about");
            Assert.Contains("911", about);
            Assert.DoesNotContain(language == "en" ? "may call emergency" : "puede llamar a emergencias", about);
        }
    }
}
