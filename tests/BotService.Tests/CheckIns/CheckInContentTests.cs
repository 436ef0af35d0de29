using BotService.CheckIns;
using BotService.Messaging;

namespace BotService.Tests.CheckIns;

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
        var (segments, encoding, units) = SmsSegments.Count(message.Text);
        Assert.True(segments == 1, $"{language}/{key} takes {segments} segments ({encoding}, {units} units)");
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
}
