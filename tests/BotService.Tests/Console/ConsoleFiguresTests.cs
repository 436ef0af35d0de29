using BotService.CoordinatorConsole;
using BotService.Escalation;
using BotService.Storage;
using BotService.Tests.Support;

namespace BotService.Tests.Console;

/// <summary>The console's newer figures on the real host (SQLite), through the paths that feed them: her texts, the
/// roster, the check-in scheduler and dialogs.</summary>
public sealed class ConsoleFiguresTests
{
    private const string Ana = "+15557770001";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A clock the test sets by hand. Its timers are the system's (real time), so the host's background loops
    /// simply do not come round during a test: only the hours the test moves matter.</summary>
    private sealed class SetClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;
        public override DateTimeOffset GetUtcNow() => _now;
        public void Advance(TimeSpan by) => _now += by;
    }

    private static TwilioWebhook Sms(ConsoleHost host) => new(host.CreateClient(), ConsoleHost.AuthToken, ConsoleHost.PublicBaseUrl);

    private static async Task<Volunteer> AddAnaAsync(ConsoleHost host)
    {
        Assert.True((await host.Get<CoordinatorActions>().AddVolunteerAsync("test", "Ana", Ana, "en", default)).Ok);
        return (await host.Get<VolunteerDirectory>().AllAsync(default)).Single();
    }

    [Fact]
    public async Task Hours_on_call_come_from_her_texts_and_the_roster_clipped_to_each_window_and_flagged_past_the_limit()
    {
        var clock = new SetClock(Start);
        using var host = new ConsoleHost(time: clock, settings: new Dictionary<string, string?> { ["Console:OnCallHoursPerWeek"] = "4" });
        var ana = await AddAnaAsync(host);
        var actions = host.Get<CoordinatorActions>();
        var sms = Sms(host);

        // On from the roster for 5 hours that straddle the 7-day edge (2 h before it, 3 h after), off by her text.
        Assert.True((await actions.SetOnCallAsync("test", ana.Id, true, default)).Ok);
        clock.Advance(TimeSpan.FromHours(5));
        await sms.SendAsync(Ana, "OFF");
        // A week later she texts ON and is still on an hour after.
        clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromHours(4));
        await sms.SendAsync(Ana, "ON");
        clock.Advance(TimeSpan.FromHours(1));

        var wellbeing = Assert.Single(await host.Get<WellbeingReport>().BuildAsync(default));
        Assert.Equal(4, wellbeing.Week.HoursOnCall, 3);
        Assert.Equal(6, wellbeing.Month.HoursOnCall, 3);
        Assert.Contains("Ana: 4 h on call this week, consider a day off.", wellbeing.Flags);

        using var client = host.Browserless();
        await ConsoleHost.SignInAsync(client);
        var page = await client.GetStringAsync("/console/wellbeing");
        Assert.Contains("<td data-label=\"On call, 7 days\">4 h</td>", page);
        Assert.Contains("<td data-label=\"On call, 30 days\">6 h</td>", page);
        Assert.DoesNotContain(Ana[2..], page);

        // Removing her removes her history.
        var history = host.Store.GetTable<OnCallChange>(OnCallChange.TableName);
        Assert.NotEmpty((await history.QueryPartitionAsync(ana.Id)).Items);
        Assert.True((await actions.RemoveVolunteerAsync("test", ana.Id, default)).Ok);
        Assert.Empty((await history.QueryPartitionAsync(ana.Id)).Items);
    }

    [Fact]
    public void Hours_clip_an_interval_open_at_the_window_start_and_count_one_still_open_until_now()
    {
        var now = Start.AddDays(10);
        OnCallChange At(double hoursAgo, bool on) => new() { At = now.AddHours(-hoursAgo), OnCall = on, RowKey = OnCallChange.KeyFor(now.AddHours(-hoursAgo)) };
        // On 30 h before the window's start and off 2 h into it; on again (twice: the repeat changes nothing) 3 h ago.
        var changes = new[] { At(24 + 30, true), At(24 - 2, false), At(3, true), At(2, true) };
        Assert.Equal(2 + 3, OnCallHistory.Hours(changes, now.AddHours(-24), now), 3);
        Assert.Equal(0, OnCallHistory.Hours([], now.AddHours(-24), now));
    }

    [Fact]
    public async Task A_volunteer_s_own_cap_replaces_the_line_s_for_assigning_and_for_her_claim_texts_and_is_audited()
    {
        using var host = new ConsoleHost(settings: new Dictionary<string, string?> { ["Escalation:MaxActivePerVolunteer"] = "1" });
        var ana = await AddAnaAsync(host);
        var actions = host.Get<CoordinatorActions>();
        Assert.True((await actions.SetOnCallAsync("test", ana.Id, true, default)).Ok);
        var sms = Sms(host);
        var store = host.Get<EscalationStore>();
        var codes = new List<string>();
        foreach (var member in new[] { "+15551230001", "+15551230002", "+15551230003" })
        {
            await sms.SendAsync(member, "i want to kill myself tonight");
            codes.Add((await store.AllAsync(default)).Select(r => r.Code).Single(c => !codes.Contains(c)));
        }

        Assert.False((await actions.EditVolunteerAsync("test", ana.Id, "Ana", "en", "0", default)).Ok);
        Assert.True((await actions.EditVolunteerAsync("test", ana.Id, "Ana", "en", "2", default)).Ok);
        Assert.Contains(await host.Get<AuditLog>().RecentAsync(5, default), a => a.Action == "edited volunteer" && a.Detail!.EndsWith("cap 2", StringComparison.Ordinal));

        // The console hands her one, her CLAIM text takes a second: both past the line's cap of 1.
        Assert.True((await actions.AssignAsync("test", codes[0], ana.Id, default)).Ok);
        var record = (await store.GetAsync(codes[1], default))!;
        Assert.Contains(await actions.EligibleAsync(record, default), v => v.Id == ana.Id);
        await sms.SendAsync(Ana, "CLAIM " + codes[1]);
        Assert.Equal(ana.Id, (await store.GetAsync(codes[1], default))!.ClaimedBy);
        // Her cap reached: neither path gives her a third.
        Assert.Empty(await actions.EligibleAsync((await store.GetAsync(codes[2], default))!, default));
        Assert.False((await actions.AssignAsync("test", codes[2], ana.Id, default)).Ok);
        await sms.SendAsync(Ana, "CLAIM " + codes[2]);
        Assert.Null((await store.GetAsync(codes[2], default))!.ClaimedBy);

        // The roster shows her cap; an empty one goes back to the line's.
        using var client = host.Browserless();
        await ConsoleHost.SignInAsync(client);
        Assert.Contains("<td data-label=\"Cases held\">2 of 2</td>", await client.GetStringAsync("/console/roster"));
        Assert.True((await actions.EditVolunteerAsync("test", ana.Id, "Ana", "en", "", default)).Ok);
        Assert.Null((await host.Get<VolunteerDirectory>().GetAsync(ana.Id, default))!.MaxActive);
        Assert.Contains("<td data-label=\"Cases held\">2 of 1</td>", await client.GetStringAsync("/console/roster"));
    }
}
