using BotService.CheckIns;
using BotService.CoordinatorConsole;
using BotService.Members;
using BotService.Tests.Support;
using BotService.Volunteers;

namespace BotService.Tests.Console;

/// <summary>The console's newer figures on the real host (SQLite), through the paths that feed them: her texts, the
/// roster, the check-in scheduler and dialogs.</summary>
public sealed class ConsoleFiguresTests
{
    private const string Ana = "+15557770001";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    private static TwilioWebhook Sms(BotTestHost host) => new(host.CreateClient(), BotTestHost.AuthToken, BotTestHost.PublicBaseUrl);

    private static async Task<Volunteer> AddAnaAsync(BotTestHost host)
    {
        Assert.True((await host.Get<CoordinatorActions>().AddVolunteerAsync("test", "Ana", Ana, "en", default)).Ok);
        return (await host.Get<VolunteerDirectory>().AllAsync(default)).Single();
    }

    [Fact]
    public async Task Hours_on_call_come_from_her_texts_and_the_roster_clipped_to_each_window_and_flagged_past_the_limit()
    {
        var clock = new FakeTimeProvider(Start);
        using var host = ConsoleSite.Host(time: clock, settings: new Dictionary<string, string?> { ["Console:OnCallHoursPerWeek"] = "4" });
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
        await ConsoleSite.SignInAsync(client);
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
        using var host = ConsoleSite.Host(settings: new Dictionary<string, string?> { ["Escalation:MaxActivePerVolunteer"] = "1" });
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
        await ConsoleSite.SignInAsync(client);
        Assert.Contains("<td data-label=\"Cases held\">2 of 2</td>", await client.GetStringAsync("/console/roster"));
        Assert.True((await actions.EditVolunteerAsync("test", ana.Id, "Ana", "en", "", default)).Ok);
        Assert.Null((await host.Get<VolunteerDirectory>().GetAsync(ana.Id, default))!.MaxActive);
        Assert.Contains("<td data-label=\"Cases held\">2 of 1</td>", await client.GetStringAsync("/console/roster"));
    }

    private static async Task<string> CsvAsync(BotTestHost host)
    {
        using var client = host.Browserless();
        await ConsoleSite.SignInAsync(client);
        using var csv = await client.GetAsync("/console/health.csv");
        csv.EnsureSuccessStatusCode();
        return await csv.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task Line_health_shows_check_ins_sent_and_answered_per_day_and_the_weekly_rate_with_small_counts_hidden()
    {
        var clock = new FakeTimeProvider(Start);
        using var host = ConsoleSite.Host(time: clock);
        var stats = new CheckInStats(host.Store);
        // Today (2026-03-02, a Monday): 8 sent, 6 answered. Yesterday: 6 sent, 1 answered (under 5).
        for (var i = 0; i < 8; i++) await stats.CountPromptAsync("2026-03-02", default);
        for (var i = 0; i < 6; i++) await stats.CountAnswerAsync("2026-03-02", default);
        for (var i = 0; i < 6; i++) await stats.CountPromptAsync("2026-03-01", default);
        await stats.CountAnswerAsync("2026-03-01", default);

        var csv = await CsvAsync(host);
        const string perDay = "\"Check-in messages sent and answered, per day\"";
        const string rate = "\"Check-in response rate by week (% answered)\"";
        Assert.Contains($"{perDay},\"03-02\",\"Sent\",\"8\"", csv);
        Assert.Contains($"{perDay},\"03-02\",\"Answered\",\"6\"", csv);
        Assert.Contains($"{perDay},\"03-01\",\"Sent\",\"6\"", csv);
        Assert.Contains($"{perDay},\"03-01\",\"Answered\",\"<5\"", csv);
        // This week: 6 of 8 answered. Last week: 1 of 6, a rate that would give the count under 5 away, so not shown.
        Assert.Contains($"{rate},\"03-02\",\"Answered\",\"75%\"", csv);
        Assert.Contains($"{rate},\"02-23\",\"Answered\",\"<5 cases\"", csv);
        Assert.DoesNotContain("16.7%", csv);
    }

    [Fact]
    public async Task Members_active_paused_and_opted_out_are_counted_by_the_upkeep_and_an_erased_member_is_not()
    {
        var clock = new FakeTimeProvider(Start);
        using var host = ConsoleSite.Host(time: clock);
        var members = host.Get<MemberRepository>();
        async Task AddAsync(string key, Action<MemberProfile>? change = null)
        {
            var p = MemberProfile.New(key, BotService.Messaging.ChannelNames.Sms);
            p.Status = MemberStatus.Active;
            change?.Invoke(p);
            await members.SaveAsync(p, default);
        }
        for (var i = 0; i < 6; i++) await AddAsync("active" + i);
        // A pause that ended yesterday is active again; one that ends tomorrow is paused.
        await AddAsync("was-paused", p => p.PausedUntil = Start.AddDays(-1));
        for (var i = 0; i < 5; i++) await AddAsync("paused" + i, p => p.PausedUntil = Start.AddDays(1));
        for (var i = 0; i < 5; i++)
        {
            await AddAsync("stopped" + i);
            await members.OptOutAsync("stopped" + i, BotService.Messaging.ChannelNames.Sms, Start, default);
        }
        await AddAsync("erased");
        await members.DeleteAsync("erased", default);
        // Onboarding is not yet a member of the line.
        await members.SaveAsync(MemberProfile.New("onboarding", BotService.Messaging.ChannelNames.Sms), default);

        Assert.Null(await host.Get<MemberCounts>().CurrentAsync(default));
        await host.Get<ConsoleUpkeep>().RunOnceAsync(default);
        var totals = (await host.Get<MemberCounts>().CurrentAsync(default))!;
        Assert.Equal((7, 5, 5), (totals.Active, totals.Paused, totals.OptedOut));

        var csv = await CsvAsync(host);
        Assert.Contains(",\"Active\",\"Members\",\"7\"", csv);
        Assert.Contains(",\"Paused\",\"Members\",\"5\"", csv);
        Assert.Contains(",\"Opted out\",\"Members\",\"5\"", csv);

        // One opts back in and another's pause ends: the next count, an interval later, follows.
        await members.OptInAsync("stopped0", BotService.Messaging.ChannelNames.Sms, Start, default);
        clock.Advance(TimeSpan.FromDays(2));
        await host.Get<ConsoleUpkeep>().RunOnceAsync(default);
        totals = (await host.Get<MemberCounts>().CurrentAsync(default))!;
        Assert.Equal((13, 0, 4), (totals.Active, totals.Paused, totals.OptedOut));
    }

    [Fact]
    public async Task Members_whose_profiles_predate_the_state_rows_are_found_once_through_the_scheduler_s_pointers()
    {
        var clock = new FakeTimeProvider(Start);
        using var host = ConsoleSite.Host(time: clock);
        var table = host.Store.GetTable<MemberProfile>(MemberProfile.TableName);
        var index = host.Get<CheckInIndex>();
        // Written as an older release did: the profile and her scheduler pointer, no state row.
        for (var i = 0; i < 7; i++)
        {
            var p = MemberProfile.New("old" + i, BotService.Messaging.ChannelNames.Sms);
            p.Status = MemberStatus.Active;
            p.TimeZone = "America/New_York";
            p.CheckInMinuteOfDay = 9 * 60;
            if (i == 0) p.OptedOutAt = Start.AddDays(-3);
            if (i == 1) p.PausedUntil = Start.AddDays(3);
            await table.InsertAsync(p);
            await index.MemberScheduleChangedAsync(p, default);
        }
        // One has written since (a newer state row): the backfill leaves hers alone.
        await host.Get<MemberRepository>().OptOutAsync("old6", BotService.Messaging.ChannelNames.Sms, Start, default);

        await host.Get<ConsoleUpkeep>().RunOnceAsync(default);
        var totals = (await host.Get<MemberCounts>().CurrentAsync(default))!;
        Assert.Equal((4, 1, 2), (totals.Active, totals.Paused, totals.OptedOut));
        Assert.Equal(0, await host.Get<MemberCounts>().BackfillAsync(default));
    }

    [Fact]
    public async Task Audit_entries_past_the_retention_are_deleted_by_the_upkeep_and_newer_ones_stay()
    {
        var clock = new FakeTimeProvider(Start);
        using var host = ConsoleSite.Host(time: clock, settings: new Dictionary<string, string?> { ["Console:AuditRetention"] = "100.00:00:00" });
        var audit = host.Get<AuditLog>();
        await audit.WriteAsync("test", "old", null, null, null, default);
        clock.Advance(TimeSpan.FromDays(60));
        await audit.WriteAsync("test", "kept", null, null, null, default);
        clock.Advance(TimeSpan.FromDays(41));

        await host.Get<ConsoleUpkeep>().RunOnceAsync(default);

        Assert.Equal(["kept"], (await audit.RecentAsync(10, default)).Select(a => a.Action));
    }

    [Fact]
    public void The_new_console_options_are_checked_and_the_bad_key_named()
    {
        var validator = new ConsoleOptionsValidator();
        Assert.True(validator.Validate(null, new ConsoleOptions()).Succeeded);
        var bad = validator.Validate(null, new ConsoleOptions { OnCallHoursPerWeek = 0, AuditRetention = TimeSpan.FromDays(7), UpkeepInterval = TimeSpan.Zero });
        Assert.False(bad.Succeeded);
        Assert.Contains("Console:OnCallHoursPerWeek", bad.FailureMessage);
        Assert.Contains("Console:AuditRetention", bad.FailureMessage);
        Assert.Contains("Console:UpkeepInterval", bad.FailureMessage);
    }
}
