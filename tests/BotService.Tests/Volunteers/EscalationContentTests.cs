namespace BotService.Tests.Volunteers;

public class EscalationContentTests
{
    // GSM 03.38 basic set: what fits 160 characters a segment on every phone.
    private const string Gsm7 = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    [Theory]
    [InlineData("en")]
    [InlineData("es")]
    public void Every_volunteer_line_is_gsm7_and_both_languages_have_every_key(string language)
    {
        var catalog = EscalationHarness.Content;
        var keys = catalog.Messages("en").Where(m => m.Key.StartsWith("escalation.", StringComparison.Ordinal)).Select(m => m.Key).ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.True(catalog.Contains(language, key), $"dialogs/{language}/escalation.yaml lacks {key}");
            if (key.StartsWith("escalation.member_", StringComparison.Ordinal)) continue;
            // Placeholders are filled in before sending; what is left must be GSM-7.
            var text = BotService.Content.ContentCatalog.PlaceholderPattern().Replace(catalog.Message(language, key).Text, "");
            var bad = text.Where(c => !Gsm7.Contains(c)).ToArray();
            Assert.True(bad.Length == 0, $"{language} {key} has non-GSM-7 characters: {new string(bad)}");
        }
    }

    [Fact]
    public void Member_lines_mention_988_where_she_is_left_without_a_peer()
    {
        foreach (var language in new[] { "en", "es" })
        {
            Assert.Contains("988", EscalationHarness.Content.Text(language, "escalation.member_silence"));
            Assert.Contains("988", EscalationHarness.Content.Text(language, "escalation.member_closing"));
        }
    }
}
