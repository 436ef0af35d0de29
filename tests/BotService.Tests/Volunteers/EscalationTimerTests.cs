using BotService.Messaging;
using BotService.Tests.Support;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

public class EscalationTimerTests
{
    private const string Member = "+15551230001";
    private const string Ana = "+15557770001";
    private const string Bea = "+15557770002";
    private const string Coordinator = "+15559990000";

    private static EscalationHarness Harness() => new(settings: new() { ["Escalation:CoordinatorPhone"] = Coordinator });

    [Fact]
    public async Task Unclaimed_is_repaged_to_everyone_on_call_at_3_minutes_and_the_coordinator_at_10()
    {
        using var h = Harness();
        await h.AddVolunteerAsync("Ana", Ana, true, "en");
        await h.AddVolunteerAsync("Bea", Bea, true, "es");
        await h.CrisisAsync(Member);
        var code = await h.OpenCodeAsync(Member);
        Assert.Single(h.Outbox.To(Ana));
        Assert.Empty(h.Outbox.To(Bea));

        h.Clock.Advance(TimeSpan.FromMinutes(2.9));
        await h.Timers.RunOnceAsync(default);
        Assert.Single(h.Outbox.To(Ana));

        h.Clock.Advance(TimeSpan.FromMinutes(0.1));
        await h.Timers.RunOnceAsync(default);
        Assert.Equal(2, h.Outbox.To(Ana).Count);
        var repage = Assert.Single(h.Outbox.To(Bea));
        Assert.Contains("CLAIM " + code, repage.Body);
        Assert.Equal(MessagePriority.Imminent, repage.Priority);
        Assert.Empty(h.Outbox.To(Coordinator));

        h.Clock.Advance(TimeSpan.FromMinutes(7));
        await h.Timers.RunOnceAsync(default);
        var coordinator = Assert.Single(h.Outbox.To(Coordinator));
        Assert.Contains(code, coordinator.Body);
        Assert.DoesNotContain("1230001", coordinator.Body);

        h.Clock.Advance(TimeSpan.FromMinutes(5));
        await h.Timers.RunOnceAsync(default);
        Assert.Single(h.Outbox.To(Coordinator));
        var record = await h.Escalations.GetAsync(code, default);
        Assert.True(record!.CoordinatorPaged);
        Assert.Equal(4, record.PageCount);
    }

    [Fact]
    public async Task Claimed_and_silent_for_15_minutes_tells_her_kindly_and_reopens_and_repages()
    {
        using var h = Harness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.AddVolunteerAsync("Bea", Bea);
        await h.CrisisAsync(Member);
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);
        h.Clock.Advance(TimeSpan.FromMinutes(10));
        await h.VolunteerSays(Ana, "I'm here");
        h.Outbox.Clear();

        h.Clock.Advance(TimeSpan.FromMinutes(14.9));
        await h.Timers.RunOnceAsync(default);
        Assert.Empty(h.Outbox.Sent);

        h.Clock.Advance(TimeSpan.FromMinutes(0.1));
        await h.Timers.RunOnceAsync(default);

        var told = Assert.Single(h.Outbox.To(Member));
        Assert.Equal(EscalationHarness.Text("escalation.member_silence"), told.Body);
        Assert.Contains("988", told.Body);
        var record = await h.Escalations.GetAsync(code, default);
        Assert.Equal(EscalationStatus.Open, record!.Status);
        Assert.Null(record.ClaimedBy);
        Assert.Contains(h.Outbox.To(Bea), m => m.Body.Contains("CLAIM " + code, StringComparison.Ordinal));
        Assert.Contains(h.Outbox.To(Ana), m => m.Body == EscalationHarness.Text("escalation.volunteer_reopened", ("code", code), ("minutes", 15)));

        // Bea can now take it; Ana's old claim no longer relays.
        Assert.Equal(3, (await h.VolunteerSays(Bea, "CLAIM " + code))!.Messages.Count);
        Assert.Equal(EscalationHarness.Text("escalation.help"), (await h.VolunteerSays(Ana, "still there?"))!.Messages[0]);
    }

    [Fact]
    public async Task Closed_escalations_are_left_alone()
    {
        using var h = Harness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);
        await h.VolunteerSays(Ana, "DONE safe");
        h.Outbox.Clear();

        h.Clock.Advance(TimeSpan.FromHours(1));
        await h.Timers.RunOnceAsync(default);

        Assert.Empty(h.Outbox.Sent);
    }
}

public class EscalationTimerLoopTests
{
    [Fact]
    public async Task The_background_loop_ticks_on_the_injected_clock()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", "+15557770001");
        await h.CrisisAsync("+15551230001");
        using var stop = new CancellationTokenSource();
        await h.Timers.StartAsync(stop.Token);
        try
        {
            // The first pass runs at once (nothing due); each later pass waits TimerInterval on the fake clock.
            for (var i = 0; i < 13 && h.Outbox.To("+15557770001").Count < 2; i++)
            {
                await WaitForTimerAsync(h.Clock);
                h.Clock.Advance(TimeSpan.FromSeconds(15));
            }
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (h.Outbox.To("+15557770001").Count < 2 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(2, h.Outbox.To("+15557770001").Count);
        }
        finally
        {
            await stop.CancelAsync();
            await h.Timers.StopAsync(default);
        }
    }

    private static async Task WaitForTimerAsync(TimerCountingTimeProvider clock)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (clock.ArmedTimers == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
    }
}
