using BotService.Scheduling;

namespace BotService.Tests.Scheduling;

/// <summary>The check-in messages as coordinators wrote them in dialogs/*/checkin-prompts.yaml.</summary>
public class CheckInContentTests
{
    private static readonly string[] Keys = ["prompt", "prompt_discreet", "reminder", "reminder_discreet", "silence", "silence_discreet"];
    private static readonly string[] Forbidden = ["addiction", "recovery", "relapse", "drug", "alcohol", "craving", "suicide", "abuse", "sober", "using"];
    // The same ideas in Spanish, since a discreet Spanish message must be just as safe to be read by someone else.
    private static readonly string[] ForbiddenEs = ["adicci", "recupera", "reca", "droga", "alcohol", "antojo", "suicid", "abuso", "sobri", "consum"];

    public static TheoryData<string, string> Messages()
    {
        var data = new TheoryData<string, string>();
        foreach (var language in new[] { "en", "es" })
            foreach (var key in Keys) data.Add(language, key);
        return data;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Every_check_in_message_exists_is_proactive_and_fits_one_segment(string language, string key)
    {
        var catalog = SchedulingHarness.Content;
        var fullKey = $"{CheckInScheduler.ContentFile}.{key}";
        Assert.True(catalog.Contains(language, fullKey), $"dialogs/{language}/checkin-prompts.yaml has no '{key}'");
        var message = catalog.Message(language, fullKey);
        Assert.True(message.Proactive);
        Assert.Equal(1, message.SegmentBudget);
        Assert.Empty(message.Placeholders);
        Assert.Equal(1, SmsSegmentCounter.Segments(message.Text));
        Assert.Contains("1", message.Text, StringComparison.Ordinal);
        Assert.Contains("5", message.Text, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Discreet_messages_say_nothing_about_recovery(string language, string key)
    {
        if (!key.EndsWith("_discreet", StringComparison.Ordinal)) return;
        var text = SchedulingHarness.Content.Message(language, $"{CheckInScheduler.ContentFile}.{key}").Text.ToLowerInvariant();
        foreach (var word in Forbidden.Concat(language == "es" ? ForbiddenEs : []))
            Assert.DoesNotContain(word, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Segment_counter_knows_gsm7_and_ucs2()
    {
        Assert.Equal(1, SmsSegmentCounter.Segments(new string('a', 160)));
        Assert.Equal(2, SmsSegmentCounter.Segments(new string('a', 161)));
        // ñ, é, ¿ and ¡ are in the GSM-7 alphabet; á is not.
        Assert.False(SmsSegmentCounter.NeedsUcs2("¡Hola! ¿Qué tal? Año"));
        Assert.True(SmsSegmentCounter.NeedsUcs2("¿Cómo estás?"));
        Assert.Equal(1, SmsSegmentCounter.Segments("á" + new string('a', 69)));
        Assert.Equal(2, SmsSegmentCounter.Segments("á" + new string('a', 70)));
        // Extension characters take two septets.
        Assert.Equal(2, SmsSegmentCounter.Segments(new string('a', 159) + "€"));
        Assert.True(SmsSegmentCounter.NeedsUcs2("Hi ’quoted’"));
    }
}

/// <summary>Own SMS segment arithmetic for the content check (Messaging/SmsSegments had not landed): GSM 03.38
/// basic alphabet 1 septet, extension table 2; anything else forces UCS-2 (70 chars, 67 per part when split).</summary>
public static class SmsSegmentCounter
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    public static bool NeedsUcs2(string text) => text.Any(c => !Basic.Contains(c) && !Extension.Contains(c));

    public static int Segments(string text)
    {
        if (NeedsUcs2(text))
        {
            var units = text.Length;
            return units <= 70 ? 1 : (units + 66) / 67;
        }
        var septets = text.Sum(c => Extension.Contains(c) ? 2 : 1);
        return septets <= 160 ? 1 : (septets + 152) / 153;
    }
}
