using BotService.Messaging;
using BotService.Safety;
using BotService.Safety.CrisisDetection;

namespace BotService.Tests.Volunteers;

/// <summary>Paging a volunteer can live with: most urgent first, one summary instead of a text per case, capped
/// re-pages, OFF takes back what was queued, and a flood of new cases cannot bury her phone.</summary>
public sealed class PagingLoadTests
{
    private const string Ana = "+15557770001";

    private static string Member(int i) => $"+1555123{i:D4}";

    private static async Task OpenAsync(EscalationHarness h, int count, CrisisSeverity severity = CrisisSeverity.High)
    {
        for (var i = 0; i < count; i++)
        {
            await h.CrisisAsync(Member(i), "i feel hopeless", severity);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }
    }

    [Fact]
    public async Task On_with_cases_waiting_sends_one_summary_naming_the_most_urgent_not_a_text_per_case()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana, onCall: false);
        await OpenAsync(h, 3);
        await h.CrisisAsync(Member(50), severity: CrisisSeverity.Imminent);
        var imminent = await h.OpenCodeAsync(Member(50));

        // Ana: ON / bot: one line, 4 waiting, 1 urgent, the imminent case (opened last) named first
        var reply = Assert.Single((await h.VolunteerSays(Ana, "ON"))!.Messages);
        Assert.Contains(EscalationHarness.Text("escalation.summary", ("count", 4), ("urgent", 1), ("code", imminent)), reply);
        Assert.Empty(h.Outbox.To(Ana));

        // STATUS lists the imminent case first too
        var status = Assert.Single((await h.VolunteerSays(Ana, "STATUS"))!.Messages);
        Assert.StartsWith(imminent, status.Split("Waiting: ")[1]);
    }

    [Fact]
    public async Task Imminent_pages_leave_ahead_of_every_other_page()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await OpenAsync(h, 2);
        await h.CrisisAsync(Member(50), severity: CrisisSeverity.Imminent);

        var pages = h.Outbox.To(Ana);
        Assert.Equal(MessagePriority.Imminent, pages[^1].Priority);
        Assert.All(pages.SkipLast(1), p => Assert.True(p.Priority > MessagePriority.Imminent));
    }

    [Fact]
    public async Task Re_pages_go_out_as_one_summary_per_pass_stop_after_the_cap_and_then_only_the_coordinator_is_paged()
    {
        using var h = new EscalationHarness(settings: new() { ["Escalation:CoordinatorPhone"] = "+15550009999", ["Escalation:CoordinatorAfter"] = "01:00:00" });
        await h.AddVolunteerAsync("Ana", Ana);
        await OpenAsync(h, 5);
        h.Outbox.Clear();

        for (var minute = 0; minute < 30; minute++)
        {
            h.Clock.Advance(TimeSpan.FromMinutes(1));
            await h.Timers.RunOnceAsync(default);
        }

        // 3 re-pages, each one text for all five cases together
        var repages = h.Outbox.To(Ana);
        Assert.Equal(3, repages.Count);
        Assert.All(repages, p => Assert.StartsWith("5 waiting", p.Body));
        Assert.Equal(5, h.Outbox.To("+15550009999").Count);
    }

    [Fact]
    public async Task Off_withdraws_pages_still_queued_for_her()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await OpenAsync(h, 2);
        Assert.Equal(2, h.Outbox.To(Ana).Count);

        await h.VolunteerSays(Ana, "OFF");

        Assert.Empty(h.Outbox.To(Ana));
    }

    [Fact]
    public async Task A_flood_of_new_cases_pages_at_most_the_minute_s_share_at_once_the_rest_wait_for_the_summary()
    {
        using var h = new EscalationHarness(settings: new() { ["Escalation:MaxNewPagedPerMinute"] = "5" });
        await h.AddVolunteerAsync("Ana", Ana);
        for (var i = 0; i < 20; i++) await h.CrisisAsync(Member(i), "i feel hopeless", CrisisSeverity.High);

        Assert.Equal(5, h.Outbox.To(Ana).Count);
        // ...but a life at risk is never held back
        await h.CrisisAsync(Member(99), severity: CrisisSeverity.Imminent);
        Assert.Equal(6, h.Outbox.To(Ana).Count);
        Assert.Equal(20 + 1, (await h.Escalations.NotClosedAsync(default)).Count);
    }

    [Fact]
    public async Task One_sender_opening_case_after_case_is_held_to_the_hourly_limit_on_every_channel()
    {
        using var h = new EscalationHarness(settings: new() { ["Escalation:MaxNewCasesPerSenderPerHour"] = "2" });
        await h.AddVolunteerAsync("Ana", Ana);
        for (var round = 0; round < 2; round++)
        {
            Assert.Equal(PeerAvailability.Paged, await h.CrisisAsync(Member(1)));
            var code = await h.OpenCodeAsync(Member(1));
            await h.VolunteerSays(Ana, "CLAIM " + code);
            await h.VolunteerSays(Ana, "DONE safe");
        }

        Assert.Equal(PeerAvailability.Unavailable, await h.CrisisAsync(Member(1)));
        Assert.Null(await h.Escalations.MemberOpenCodeAsync(h.MemberKey(Member(1)), default));

        h.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(PeerAvailability.Paged, await h.CrisisAsync(Member(1)));
    }
}
