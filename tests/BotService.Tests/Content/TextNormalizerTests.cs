using BotService.Dialogs.Recognizers;

namespace BotService.Tests.Content;

public sealed class TextNormalizerTests
{
    // Built in the test body, not as [InlineData]: xUnit's test-case serialization would itself replace the unpaired
    // surrogates before the test ever saw them.
    [Fact]
    public void Unpaired_surrogates_become_replacement_characters()
    {
        var cases = new (string Text, string Expected)[]
        {
            ("hi" + '\uD800' + "there", "hi\uFFFDthere"),             // lone high surrogate
            ('\uDC00' + "ok", "\uFFFDok"),                            // lone low surrogate
            ("ok" + '\uD83D', "ok\uFFFD"),                            // high surrogate at the end
            ("a" + '\uD83D' + '\uDE42' + "b", "a" + '\uD83D' + '\uDE42' + "b"), // a real emoji pair stays
            ("" + '\uDE42' + '\uD83D', "\uFFFD\uFFFD"),               // a pair in the wrong order is two strays
            ("x\uFFFEy\uFFFF", "x\uFFFDy\uFFFD"),                     // noncharacters normalization refuses
        };
        foreach (var (text, expected) in cases) Assert.Equal(expected, TextNormalizer.WellFormed(text));
    }

    [Fact]
    public void An_inbound_message_from_any_channel_carries_well_formed_text()
    {
        var now = DateTimeOffset.UnixEpoch;
        var fromJson = new BotService.Messaging.InboundMessage("botframework", "user-1", "hi" + '\uD800', "a1", now);
        Assert.Equal("hi\uFFFD", fromJson.Text);
        Assert.Equal("\uFFFDx", (fromJson with { Text = "" + '\uDC00' + "x" }).Text);
    }

    [Fact]
    public void Well_formed_text_is_returned_as_is()
    {
        var text = "sí, mañana 🙂";
        Assert.Same(text, TextNormalizer.WellFormed(text));
    }

    [Fact]
    public void Normalizing_text_with_a_lone_surrogate_does_not_throw() =>
        Assert.Equal(TextNormalizer.Normalize("Sí \uFFFD mañana"), TextNormalizer.Normalize("Sí " + '\uD800' + " mañana"));

    [Fact]
    public void No_single_character_makes_normalizing_throw()
    {
        // Found by the 100,000-request fuzz run: U+FFFE in a signed webhook made normalization throw, the turn fell back,
    // the fallback's language guess threw again, and the member got empty TwiML. Every text path that normalizes.
        var failures = new List<string>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            var text = "a" + (char)c + "b";
            try
            {
                TextNormalizer.Normalize(text);
                TextNormalizer.Tokens(text);
                BotService.Messaging.SmsKeywords.Match(text);
                BotService.Turns.LanguageGuess.Guess(text);
            }
            catch (ArgumentException)
            {
                failures.Add(c.ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        Assert.Empty(failures);
    }
}
