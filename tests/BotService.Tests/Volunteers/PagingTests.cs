using BotService.Messaging;
using BotService.Safety;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

public class PagingTests
{
    private const string Member = "+15551230001";
    private const string Ana = "+15557770001";
    private const string Bea = "+15557770002";
    private const string Cruz = "+15557770003";

    [Fact]
    public async Task A_crisis_pages_on_call_volunteers_who_speak_her_language_with_the_code_and_nothing_of_hers()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana, true, "en");
        await h.AddVolunteerAsync("Bea", Bea, true, "es", "en");
        await h.AddVolunteerAsync("Cruz", Cruz, true, "es");

        var result = await h.CrisisAsync(Member, "ya no quiero vivir, llamame al 555 123 0001", language: "es");

        Assert.Equal(PeerAvailability.Paged, result);
        var code = await h.OpenCodeAsync(Member);
        Assert.Empty(h.Outbox.To(Ana));
        foreach (var phone in new[] { Bea, Cruz })
        {
            var page = Assert.Single(h.Outbox.To(phone));
            Assert.Equal(MessagePriority.Imminent, page.Priority);
            Assert.Contains(code, page.Body);
            Assert.Contains("CLAIM " + code, page.Body);
            Assert.DoesNotContain("0001", page.Body);
            Assert.DoesNotContain("vivir", page.Body);
        }
        Assert.DoesNotContain(h.Outbox.Sent, m => m.RecipientAddress == Member);
    }

    [Fact]
    public async Task With_no_one_speaking_her_language_everyone_on_call_is_paged()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana, true, "en");
        await h.AddVolunteerAsync("Bea", Bea, true, "en");
        await h.AddVolunteerAsync("Cruz", Cruz, false, "es");

        Assert.Equal(PeerAvailability.Paged, await h.CrisisAsync(Member, language: "es"));

        Assert.Single(h.Outbox.To(Ana));
        Assert.Single(h.Outbox.To(Bea));
        Assert.Empty(h.Outbox.To(Cruz));
    }

    [Fact]
    public async Task Nobody_on_call_is_unavailable_stays_open_and_the_next_volunteer_going_on_is_paged()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana, onCall: false);

        Assert.Equal(PeerAvailability.Unavailable, await h.CrisisAsync(Member));
        var code = await h.OpenCodeAsync(Member);
        Assert.Equal(EscalationStatus.Open, (await h.Escalations.GetAsync(code, default))!.Status);
        Assert.Empty(h.Outbox.Sent);

        var reply = await h.VolunteerSays(Ana, "on");

        Assert.NotNull(reply);
        // One summary in the reply to ON, not a page per case.
        Assert.Contains("1 waiting: 1 urgent. Reply CLAIM " + code, Assert.Single(reply.Messages));
        Assert.Empty(h.Outbox.To(Ana));
        var record = await h.Escalations.GetAsync(code, default);
        Assert.Equal(1, record!.PageCount);
        Assert.NotNull(record.FirstPagedAt);
    }

    [Fact]
    public async Task Outside_operating_hours_is_unavailable_and_kept_open()
    {
        // Start is 18:00 UTC = 12:00 in Chicago (CST in March before the switch).
        using var h = new EscalationHarness(settings: new() { ["Escalation:OperatingHours"] = "20:00-08:00", ["Escalation:TimeZone"] = "America/Chicago" });
        await h.AddVolunteerAsync("Ana", Ana);

        Assert.Equal(PeerAvailability.Unavailable, await h.CrisisAsync(Member));

        Assert.Empty(h.Outbox.Sent);
        Assert.Equal(EscalationStatus.Open, (await h.Escalations.GetAsync(await h.OpenCodeAsync(Member), default))!.Status);
    }

    [Fact]
    public async Task A_second_crisis_joins_her_open_escalation_and_a_higher_severity_pages_again()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);

        await h.CrisisAsync(Member, "i relapsed", BotService.Safety.CrisisDetection.CrisisSeverity.Support);
        var code = await h.OpenCodeAsync(Member);
        await h.CrisisAsync(Member, "i relapsed again", BotService.Safety.CrisisDetection.CrisisSeverity.Support);
        Assert.Single(h.Outbox.To(Ana));

        await h.CrisisAsync(Member, "i want to die", BotService.Safety.CrisisDetection.CrisisSeverity.Imminent);

        Assert.Equal(code, await h.OpenCodeAsync(Member));
        var record = await h.Escalations.GetAsync(code, default);
        Assert.Equal(BotService.Safety.CrisisDetection.CrisisSeverity.Imminent, record!.Severity);
        Assert.Equal(2, h.Outbox.To(Ana).Count);
        Assert.Single(await h.Escalations.AllAsync(default));
    }

    [Fact]
    public async Task Codes_use_only_the_unambiguous_alphabet()
    {
        for (var i = 0; i < 1000; i++)
        {
            var code = EscalationCode.New();
            Assert.True(EscalationCode.TryParse(code.ToLowerInvariant(), out var parsed));
            Assert.Equal(code, parsed);
            Assert.DoesNotContain(code, c => "0O1IL5S8B2Z".Contains(c));
        }
    }

    [Theory]
    [InlineData("00:00-24:00", 3, true)]
    [InlineData("08:00-22:00", 7, false)]
    [InlineData("08:00-22:00", 8, true)]
    [InlineData("20:00-08:00", 23, true)]
    [InlineData("20:00-08:00", 7, true)]
    [InlineData("20:00-08:00", 12, false)]
    public void Operating_hours_wrap_past_midnight(string window, int hour, bool open)
    {
        Assert.True(OperatingHours.TryParse(window, out var hours));
        Assert.Equal(open, hours.Contains(new DateTimeOffset(2026, 3, 2, hour, 30, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
    }
}
