using BotService.CheckIns;
using BotService.Members;
using BotService.Messaging;

namespace BotService.Tests.CheckIns;

/// <summary>The scheduler over the SQLite store, driven by a hand-moved clock.</summary>
public sealed class CheckInSchedulerTests : IDisposable
{
    private const string NewYork = "America/New_York";
    // 2026-06-01 07:00 in New York (EDT, UTC-4).
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 0, 0, TimeSpan.Zero);
    private readonly SchedulingHarness _h = new(Start);

    private static DateTimeOffset Ny(int day, int hour, int minute = 0) => new(2026, 6, day, hour, minute, 0, TimeSpan.FromHours(-4));
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(5);

    public void Dispose() => _h.Dispose();

    private static string Text(string key, string language = "en") => SchedulingHarness.Content.Text(language, $"{CheckInScheduler.ContentFile}.{key}");

    [Fact]
    public async Task Prompt_goes_out_once_at_her_local_time_and_again_the_next_day()
    {
        await _h.AddMemberAsync("m1", NewYork, 8);
        var scheduler = _h.NewScheduler();

        await _h.RunUntilAsync(scheduler, Ny(1, 7, 59, 45));
        Assert.Empty(_h.Outbox.Stored);
        await _h.RunUntilAsync(scheduler, Ny(1, 8, 0, 15));
        var (key, message, at) = Assert.Single(_h.Outbox.ForMember("m1"));
        Assert.Equal("checkin:m1:2026-06-01", key);
        Assert.Equal(Text("prompt"), message.Body);
        Assert.Equal(MessagePriority.CheckIn, message.Priority);
        Assert.Equal(BotService.Messaging.ChannelNames.Sms, message.Channel);
        Assert.StartsWith("+1555000", message.RecipientAddress, StringComparison.Ordinal);
        Assert.True(at >= Ny(1, 8) && at < Ny(1, 8, 1), $"sent at {at}");

        // Many more ticks in the same minute and after: nothing more that day (the reminder aside).
        await _h.RunUntilAsync(scheduler, Ny(1, 9, 59));
        Assert.Single(_h.Outbox.ForMember("m1"));
        await _h.Ledger.MarkAnsweredAsync("m1", "2026-06-01");
        await _h.RunUntilAsync(scheduler, Ny(2, 7, 55), Slow);
        Assert.Single(_h.Outbox.ForMember("m1"));
        await _h.RunUntilAsync(scheduler, Ny(2, 8, 1), TimeSpan.FromSeconds(15));
        Assert.Equal(["checkin:m1:2026-06-01", "checkin:m1:2026-06-02"], _h.Outbox.ForMember("m1").Select(x => x.Key));
    }

    private static DateTimeOffset Ny(int day, int hour, int minute, int second) => Ny(day, hour, minute).AddSeconds(second);

    [Fact]
    public async Task Language_and_discreet_mode_pick_the_text()
    {
        await _h.AddMemberAsync("es-discreet", NewYork, 8, language: "es", discreet: true);
        await _h.AddMemberAsync("en-discreet", NewYork, 8, discreet: true);
        await _h.AddMemberAsync("es-plain", NewYork, 8, language: "es");
        await _h.RunUntilAsync(_h.NewScheduler(), Ny(1, 8, 1));
        Assert.Equal(Text("prompt_discreet", "es"), _h.Outbox.Stored["checkin:es-discreet:2026-06-01"].Message.Body);
        Assert.Equal(Text("prompt_discreet"), _h.Outbox.Stored["checkin:en-discreet:2026-06-01"].Message.Body);
        Assert.Equal(Text("prompt", "es"), _h.Outbox.Stored["checkin:es-plain:2026-06-01"].Message.Body);
    }

    [Fact]
    public async Task One_reminder_after_an_unanswered_prompt_never_more_and_none_once_answered()
    {
        await _h.AddMemberAsync("m1", NewYork, 8, discreet: true);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(1, 9, 59));
        Assert.Equal(0, _h.Outbox.CountPrefix("checkin-reminder:"));
        await _h.RunUntilAsync(scheduler, Ny(1, 10, 1));
        var reminder = _h.Outbox.Stored["checkin-reminder:m1:2026-06-01"];
        Assert.Equal(Text("reminder_discreet"), reminder.Message.Body);
        Assert.True(reminder.At >= Ny(1, 10) && reminder.At < Ny(1, 10, 1));
        await _h.RunUntilAsync(scheduler, Ny(2, 7, 0), Slow);
        Assert.Equal(1, _h.Outbox.CountPrefix("checkin-reminder:"));

        // Day 2: she answers at 09:00, so no reminder at 10:00.
        await _h.RunUntilAsync(scheduler, Ny(2, 9, 0));
        Assert.Equal(CheckInAnswerOutcome.Recorded, (await _h.Ledger.MarkAnsweredAsync("m1", "2026-06-02")).Outcome);
        await _h.RunUntilAsync(scheduler, Ny(3, 7, 0), Slow);
        Assert.Equal(1, _h.Outbox.CountPrefix("checkin-reminder:"));
        Assert.Equal(2, _h.Outbox.CountPrefix("checkin:"));
    }

    [Fact]
    public async Task No_reminder_that_would_fall_in_quiet_hours()
    {
        await _h.AddMemberAsync("late", NewYork, 19, 30);   // reminder would be 21:30: quiet
        await _h.AddMemberAsync("evening", NewYork, 18, 30); // reminder at 20:30: fine
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(2, 7, 0), TimeSpan.FromMinutes(1));
        Assert.Equal(["checkin:late:2026-06-01"], _h.Outbox.ForMember("late").Select(x => x.Key));
        Assert.Equal(["checkin:evening:2026-06-01", "checkin-reminder:evening:2026-06-01"], _h.Outbox.ForMember("evening").Select(x => x.Key));
        Assert.All(_h.Outbox.Stored.Values, v => Assert.False(_h.Quiet.IsQuiet(TimeOnly.FromDateTime(v.At.ToOffset(TimeSpan.FromHours(-4)).DateTime), null)));
    }

    [Fact]
    public async Task Paused_member_gets_nothing_until_the_pause_ends_and_resuming_early_works()
    {
        await _h.AddMemberAsync("paused", NewYork, 8, change: p => p.PausedUntil = Ny(3, 0));
        await _h.AddMemberAsync("early", NewYork, 9, change: p => p.PausedUntil = Ny(10, 0));
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(2, 12, 0), Slow);
        Assert.Empty(_h.Outbox.Stored);

        await _h.UpdateMemberAsync("early", p => p.PausedUntil = null); // she texts RESUME at noon on day 2
        await _h.RunUntilAsync(scheduler, Ny(3, 9, 6), Slow);
        Assert.Equal(["checkin:paused:2026-06-03"], _h.Outbox.ForMember("paused").Select(x => x.Key));
        Assert.Equal(["checkin:early:2026-06-03"], _h.Outbox.ForMember("early").Select(x => x.Key));
    }

    [Fact]
    public async Task Silenced_member_gets_no_prompt_and_no_reminder()
    {
        await _h.AddMemberAsync("quiet", NewYork, 8, change: p => p.SilencedUntil = Ny(2, 12, 0));
        await _h.AddMemberAsync("codeword", NewYork, 8);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(1, 9, 0));
        Assert.Single(_h.Outbox.ForMember("codeword"));
        // She texts her code word after the prompt: the 10:00 reminder must not go out.
        await _h.UpdateMemberAsync("codeword", p => p.SilencedUntil = Ny(1, 23, 0));
        await _h.RunUntilAsync(scheduler, Ny(2, 12, 30), Slow);
        Assert.Empty(_h.Outbox.ForMember("quiet"));
        Assert.Equal(["checkin:codeword:2026-06-01", "checkin:codeword:2026-06-02", "checkin-reminder:codeword:2026-06-02"],
            _h.Outbox.ForMember("codeword").Select(x => x.Key));
        await _h.RunUntilAsync(scheduler, Ny(3, 8, 5), Slow);
        Assert.Equal(["checkin:quiet:2026-06-03"], _h.Outbox.ForMember("quiet").Select(x => x.Key));
    }

    [Fact]
    public async Task Opted_out_member_gets_nothing_until_she_opts_back_in()
    {
        await _h.AddMemberAsync("stop", NewYork, 8);
        _h.OptOuts.OptedOut["stop"] = true;
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(3, 12, 0), Slow);
        Assert.Empty(_h.Outbox.Stored);
        _h.OptOuts.OptedOut.TryRemove("stop", out _);
        await _h.RunUntilAsync(scheduler, Ny(4, 8, 5), Slow);
        Assert.Equal(["checkin:stop:2026-06-04"], _h.Outbox.ForMember("stop").Select(x => x.Key));
    }

    [Fact]
    public async Task Erased_or_declined_members_leave_the_index_and_get_nothing()
    {
        await _h.AddMemberAsync("erased", NewYork, 8);
        await _h.AddMemberAsync("declined", NewYork, 8);
        await _h.AddMemberAsync("no-time", NewYork, 8, change: p => p.CheckInMinuteOfDay = null);
        await _h.Members.DeleteAsync("erased", CancellationToken.None);
        await _h.UpdateMemberAsync("declined", p => p.Status = MemberStatus.Declined);
        Assert.Null(await _h.Index.GetPointerAsync("erased", CancellationToken.None));
        Assert.Null((await _h.Index.GetPointerAsync("declined", CancellationToken.None))!.Bucket);
        Assert.Null((await _h.Index.GetPointerAsync("no-time", CancellationToken.None))!.Bucket);
        Assert.Equal(0, await _h.IndexRowCountAsync("erased", Ny(1, 7), Ny(1, 9)));
        Assert.Equal(0, await _h.IndexRowCountAsync("declined", Ny(1, 7), Ny(1, 9)));
        await _h.RunUntilAsync(_h.NewScheduler(), Ny(2, 12, 0), Slow);
        Assert.Empty(_h.Outbox.Stored);
    }

    [Fact]
    public async Task Erasure_without_the_listener_is_caught_when_her_bucket_comes_up()
    {
        await _h.AddMemberAsync("gone", NewYork, 8);
        // Deleted behind the repository's back (e.g. a bulk erasure job): the scheduler sees no profile and forgets her.
        await _h.Store.GetTable<MemberProfile>(MemberProfile.TableName).DeleteAsync("gone", MemberProfile.ProfileRowKey);
        await _h.RunUntilAsync(_h.NewScheduler(), Ny(1, 8, 2));
        Assert.Empty(_h.Outbox.Stored);
        Assert.Null(await _h.Index.GetPointerAsync("gone", CancellationToken.None));
    }

    [Fact]
    public async Task Changing_her_time_moves_the_index_row_and_never_prompts_twice_a_day()
    {
        await _h.AddMemberAsync("m1", NewYork, 8);
        await _h.AddMemberAsync("m2", NewYork, 8);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(1, 7, 30));
        await _h.UpdateMemberAsync("m1", p => p.CheckInMinuteOfDay = 9 * 60);
        // Exactly one index row: the 08:00 one was removed.
        Assert.Equal(1, await _h.IndexRowCountAsync("m1", Ny(1, 7, 30), Ny(1, 9, 30)));
        await _h.RunUntilAsync(scheduler, Ny(1, 8, 30));
        Assert.Empty(_h.Outbox.ForMember("m1"));
        Assert.Single(_h.Outbox.ForMember("m2"));
        // m2 moves hers to the evening after today's prompt: tomorrow at 18:00, not again today.
        await _h.UpdateMemberAsync("m2", p => p.CheckInMinuteOfDay = 18 * 60);
        await _h.RunUntilAsync(scheduler, Ny(2, 18, 5), Slow);
        Assert.Equal(["checkin:m1:2026-06-01", "checkin:m1:2026-06-02"], _h.Outbox.ForMember("m1").Where(x => x.Key.StartsWith("checkin:", StringComparison.Ordinal)).Select(x => x.Key));
        Assert.Equal(["checkin:m2:2026-06-01", "checkin:m2:2026-06-02"], _h.Outbox.ForMember("m2").Where(x => x.Key.StartsWith("checkin:", StringComparison.Ordinal)).Select(x => x.Key));
        var m2Day2 = _h.Outbox.Stored["checkin:m2:2026-06-02"].At;
        Assert.True(m2Day2 >= Ny(2, 18) && m2Day2 < Ny(2, 18, 6));
        // Her old 08:00 reminder was replaced by the new plan: no reminder row for day 1 went out at 10:00.
        Assert.False(_h.Outbox.Stored.ContainsKey("checkin-reminder:m2:2026-06-01"));
    }

    [Fact]
    public async Task Moving_to_a_new_zone_follows_her_wall_clock()
    {
        await _h.AddMemberAsync("mover", NewYork, 8);
        await _h.UpdateMemberAsync("mover", p => p.TimeZone = "America/Chicago");
        await _h.RunUntilAsync(_h.NewScheduler(), Ny(1, 9, 5));
        var at = Assert.Single(_h.Outbox.ForMember("mover")).At;
        Assert.True(at >= Ny(1, 9) && at < Ny(1, 9, 1), $"08:00 Chicago is 09:00 New York; sent {at}");
    }

    [Fact]
    public async Task Silence_outreach_after_three_misses_once_per_streak()
    {
        await _h.AddMemberAsync("quiet", NewYork, 8);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(3, 20, 0), TimeSpan.FromMinutes(10));
        Assert.Empty(_h.Outreach.Requests);
        Assert.Equal(2, (await _h.Members.GetAsync("quiet", CancellationToken.None))!.MissedCheckIns);

        // Day 4: three unanswered in a row: the gentle message instead of the prompt, and one outreach request.
        await _h.RunUntilAsync(scheduler, Ny(4, 20, 0), TimeSpan.FromMinutes(10));
        Assert.Equal(Text("silence"), _h.Outbox.Stored["checkin:quiet:2026-06-04"].Message.Body);
        Assert.False(_h.Outbox.Stored.ContainsKey("checkin-reminder:quiet:2026-06-04"));
        var request = Assert.Single(_h.Outreach.Requests);
        Assert.Equal("quiet", request.MemberKey);
        Assert.Equal(3, (await _h.Members.GetAsync("quiet", CancellationToken.None))!.MissedCheckIns);
        Assert.NotNull((await _h.Ledger.GetAsync("quiet", "2026-06-04"))!.SilenceOutreachSentAt);

        // Days 5-6 unanswered: ordinary prompts, no second outreach.
        await _h.RunUntilAsync(scheduler, Ny(6, 8, 30), TimeSpan.FromMinutes(10));
        Assert.Equal(Text("prompt"), _h.Outbox.Stored["checkin:quiet:2026-06-06"].Message.Body);
        Assert.Single(_h.Outreach.Requests);
        Assert.Equal(5, (await _h.Members.GetAsync("quiet", CancellationToken.None))!.MissedCheckIns);

        // She answers day 6: the streak resets. Three more misses (7, 8, 9) bring one new outreach on day 10.
        var answer = await _h.Ledger.MarkAnsweredAsync("quiet", "2026-06-06");
        Assert.Equal(CheckInAnswerOutcome.Recorded, answer.Outcome);
        var profile = (await _h.Members.GetAsync("quiet", CancellationToken.None))!;
        answer.ApplyTo(profile);
        await _h.Members.SaveAsync(profile, CancellationToken.None);
        await _h.RunUntilAsync(scheduler, Ny(9, 20, 0), TimeSpan.FromMinutes(10));
        Assert.Single(_h.Outreach.Requests);
        Assert.Equal(2, (await _h.Members.GetAsync("quiet", CancellationToken.None))!.MissedCheckIns);
        await _h.RunUntilAsync(scheduler, Ny(10, 9, 0), TimeSpan.FromMinutes(10));
        Assert.Equal(2, _h.Outreach.Requests.Count);
        Assert.Equal(Text("silence"), _h.Outbox.Stored["checkin:quiet:2026-06-10"].Message.Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restart_in_the_middle_of_a_due_minute_sends_each_prompt_exactly_once(bool diesAfterStoring)
    {
        for (var i = 0; i < 10; i++) await _h.AddMemberAsync($"m{i:D2}", NewYork, 8);
        // This process gets through four members of the 08:00 minute and dies while handing the fifth to the outbox.
        var dying = new DyingOutbox(_h.Outbox, hangAfter: 4, storeBeforeDying: diesAfterStoring);
        var first = _h.NewScheduler(dying);
        await _h.RunUntilAsync(first, Ny(1, 7, 59, 45));
        _h.Clock.Advance(TimeSpan.FromSeconds(15));
        var stuck = first.TickAsync(CancellationToken.None);
        await WaitUntilAsync(() => dying.Hung > 0);
        Assert.False(stuck.IsCompleted);
        Assert.Equal(diesAfterStoring ? 5 : 4, _h.Outbox.Stored.Count);

        // A new process over the same store: it cannot schedule while the dead one's lease is still valid...
        var restarted = _h.NewScheduler();
        _h.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.False((await restarted.TickAsync(CancellationToken.None)).Leader);
        // ...and takes over once it expires, finishing the same minute.
        _h.Clock.Advance(_h.Options.LeaseDuration);
        var result = await restarted.TickAsync(CancellationToken.None);
        Assert.True(result.Leader);
        Assert.Equal(10, _h.Outbox.CountPrefix("checkin:"));
        Assert.All(_h.Outbox.Attempts.Where(a => a.Key.StartsWith("checkin:", StringComparison.Ordinal)),
            a => Assert.InRange(a.Value, 1, 2));
        // The rest of the day: exactly one reminder each, nothing doubled.
        await _h.RunUntilAsync(restarted, Ny(2, 7, 0), Slow);
        Assert.Equal(10, _h.Outbox.CountPrefix("checkin:"));
        Assert.Equal(10, _h.Outbox.CountPrefix("checkin-reminder:"));
        dying.Release();
        await Assert.ThrowsAnyAsync<Exception>(() => stuck);
        Assert.Equal(20, _h.Outbox.Stored.Count);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for the background tick to reach its stuck call; bounded, and not a timing assumption of the scheduler.
        for (var i = 0; i < 500 && !condition(); i++) await Task.Yield();
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }

    [Fact]
    public async Task Downtime_catch_up_sends_todays_prompt_unless_quiet_hours_began_and_drops_past_days()
    {
        await _h.AddMemberAsync("afternoon", NewYork, 8);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(1, 7, 50));
        // Down from 07:50 to 15:00: today's 08:00 prompt still goes out at 15:00, and the reminder at 17:00.
        _h.Clock.SetUtcNow(Ny(1, 15, 0));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(Ny(1, 15, 0), _h.Outbox.Stored["checkin:afternoon:2026-06-01"].At);
        await _h.RunUntilAsync(scheduler, Ny(1, 17, 1));
        Assert.True(_h.Outbox.Stored.ContainsKey("checkin-reminder:afternoon:2026-06-01"));

        // Down from day 2 07:50 to 21:30: quiet hours have begun, so day 2 is skipped; day 3 is normal.
        await _h.RunUntilAsync(scheduler, Ny(2, 7, 50), Slow);
        _h.Clock.SetUtcNow(Ny(2, 21, 30));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.False(_h.Outbox.Stored.ContainsKey("checkin:afternoon:2026-06-02"));
        // Down from day 3 07:50 to day 4 07:00: day 3 has passed, dropped; day 4 at 08:00 as usual.
        await _h.RunUntilAsync(scheduler, Ny(3, 7, 50), Slow);
        _h.Clock.SetUtcNow(Ny(4, 7, 0));
        var catchUp = await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(23 * 60 + 10, catchUp.BucketsRead);
        await _h.RunUntilAsync(scheduler, Ny(4, 8, 1), TimeSpan.FromSeconds(15));
        Assert.Equal(["checkin:afternoon:2026-06-01", "checkin:afternoon:2026-06-04"],
            _h.Outbox.ForMember("afternoon").Where(x => x.Key.StartsWith("checkin:", StringComparison.Ordinal)).Select(x => x.Key));
        Assert.Equal(Ny(4, 8, 0), _h.Outbox.Stored["checkin:afternoon:2026-06-04"].At);
    }

    [Fact]
    public async Task A_tick_records_how_far_behind_the_schedule_it_started()
    {
        var lags = new System.Collections.Concurrent.ConcurrentBag<double>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == SchedulerMetrics.MeterName) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<double>((_, v, _, _) => lags.Add(v));
        listener.Start();
        var scheduler = _h.NewScheduler();
        await scheduler.TickAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(10));

        await scheduler.TickAsync(CancellationToken.None);

        // The cursor was one bucket in; ten minutes later the oldest unprocessed minute began nine to ten minutes ago.
        Assert.Contains(lags, v => v is >= 540 and <= 600);
    }

    [Fact]
    public async Task A_tick_reads_only_the_buckets_since_the_last_one()
    {
        for (var i = 0; i < 50; i++) await _h.AddMemberAsync($"m{i}", NewYork, 8 + i % 10);
        var scheduler = _h.NewScheduler();
        await scheduler.TickAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(10, (await scheduler.TickAsync(CancellationToken.None)).BucketsRead);
        _h.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.InRange((await scheduler.TickAsync(CancellationToken.None)).BucketsRead, 0, 1);
        Assert.Equal(0, (await scheduler.TickAsync(CancellationToken.None)).BucketsRead);
    }

    [Fact]
    public async Task Ledger_api_for_the_dialogs()
    {
        await _h.AddMemberAsync("m1", NewYork, 8);
        var scheduler = _h.NewScheduler();
        Assert.Null(await _h.Ledger.GetOpenPromptAsync("m1", _h.Clock.GetUtcNow()));
        Assert.Equal(CheckInAnswerOutcome.NotPrompted, (await _h.Ledger.MarkAnsweredAsync("m1", "2026-06-01")).Outcome);
        await _h.RunUntilAsync(scheduler, Ny(1, 8, 1));

        var open = await _h.Ledger.GetOpenPromptAsync("m1", _h.Clock.GetUtcNow());
        Assert.NotNull(open);
        Assert.Equal("2026-06-01", open.LocalDate);
        Assert.False(open.ReminderSent);
        // Still open just before her local midnight (04:00Z next day), not after.
        Assert.NotNull(await _h.Ledger.GetOpenPromptAsync("m1", Ny(1, 23, 59)));
        Assert.Null(await _h.Ledger.GetOpenPromptAsync("m1", Ny(2, 0, 1)));

        var answer = await _h.Ledger.MarkAnsweredAsync("m1", open.LocalDate);
        Assert.Equal(CheckInAnswerOutcome.Recorded, answer.Outcome);
        Assert.Equal(CheckInAnswerOutcome.AlreadyAnswered, (await _h.Ledger.MarkAnsweredAsync("m1", open.LocalDate)).Outcome);
        Assert.Null(await _h.Ledger.GetOpenPromptAsync("m1", _h.Clock.GetUtcNow()));
        var profile = new MemberProfile { MissedCheckIns = 4 };
        answer.ApplyTo(profile);
        Assert.Equal(0, profile.MissedCheckIns);
    }

    [Theory]
    // Spring forward: New York 2026-03-08, Madrid 2026-03-29. Fall back: Madrid 2026-10-25, New York 2026-11-01.
    [InlineData("2026-03-05", "2026-03-31", "2026-03-08", "2026-03-29")]
    [InlineData("2026-10-22", "2026-11-03", "2026-11-01", "2026-10-25")]
    public async Task Eight_am_stays_eight_am_across_dst_in_two_zones(string from, string to, string nyChange, string madridChange)
    {
        static DateTimeOffset Day(string d) => new(DateTime.SpecifyKind(DateTime.Parse(d, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc));
        using var h = new SchedulingHarness(Day(from).AddHours(12));
        await h.AddMemberAsync("ny", NewYork, 8);
        await h.AddMemberAsync("madrid", "Europe/Madrid", 8);
        var scheduler = h.NewScheduler();
        await h.RunUntilAsync(scheduler, Day(to), TimeSpan.FromMinutes(15));

        foreach (var (member, zoneId, change) in new[] { ("ny", NewYork, nyChange), ("madrid", "Europe/Madrid", madridChange) })
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var prompts = h.Outbox.ForMember(member).Where(x => x.Key.StartsWith("checkin:", StringComparison.Ordinal)).ToList();
            // One per local day, each within the quarter hour after 08:00 local (the ticks here are 15 minutes apart).
            Assert.Equal(prompts.Count, prompts.Select(p => p.Key).Distinct().Count());
            Assert.All(prompts, p =>
            {
                var local = TimeZoneInfo.ConvertTime(p.At, zone);
                Assert.InRange(local.TimeOfDay, TimeSpan.FromHours(8), TimeSpan.FromHours(8.25));
                Assert.EndsWith(local.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), p.Key, StringComparison.Ordinal);
            });
            Assert.Contains(prompts, p => p.Key.EndsWith(change, StringComparison.Ordinal));
            var days = (Day(to) - Day(from)).Days;
            Assert.InRange(prompts.Count, days - 2, days);
        }
    }
}

public sealed class CheckInSchedulerResilienceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 0, 0, TimeSpan.Zero); // 07:00 New York
    private static DateTimeOffset Ny(int day, int hour, int minute = 0) => new(2026, 6, day, hour, minute, 0, TimeSpan.FromHours(-4));
    private readonly SchedulingHarness _h = new(Start);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task A_member_that_keeps_failing_is_retried_without_holding_up_the_others()
    {
        await _h.AddMemberAsync("broken", "America/New_York", 8, change: p => p.EncryptedAddress = "v1:ffffffff:not-a-ciphertext");
        for (var i = 0; i < 5; i++) await _h.AddMemberAsync($"ok{i}", "America/New_York", 8);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(1, 8, 0));
        Assert.Equal(5, _h.Outbox.CountPrefix("checkin:"));
        // The cursor moved on: later ticks read only new minutes, and "broken" is retried each minute, never sent.
        _h.Clock.Advance(TimeSpan.FromMinutes(3));
        var later = await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(3, later.BucketsRead);
        Assert.Equal(1, later.Failed);
        // At quiet hours her claimed day is given up; the next day is planned as usual.
        await _h.RunUntilAsync(scheduler, Ny(1, 21, 2), TimeSpan.FromMinutes(1));
        var row = await _h.Ledger.GetAsync("broken", "2026-06-01");
        Assert.NotNull(row!.AbandonedAt);
        Assert.Null(row.PromptSentAt);
        var pointer = await _h.Index.GetPointerAsync("broken", CancellationToken.None);
        Assert.Equal("2026-06-02", pointer!.LocalDate);
        Assert.Empty(_h.Outbox.ForMember("broken"));
    }

    [Fact]
    public async Task Stopping_releases_the_lease_so_the_next_instance_starts_at_once()
    {
        var first = _h.NewScheduler();
        Assert.True((await first.TickAsync(CancellationToken.None)).Leader);
        var second = _h.NewScheduler();
        Assert.False((await second.TickAsync(CancellationToken.None)).Leader);
        await first.StopAsync(CancellationToken.None);
        Assert.True((await second.TickAsync(CancellationToken.None)).Leader);
        Assert.False(first.IsLeader);
        Assert.True(second.IsLeader);
        Assert.NotEqual(first.InstanceId, second.InstanceId);
    }

    [Fact]
    public async Task A_stale_index_row_is_dropped_and_the_pointer_wins()
    {
        await _h.AddMemberAsync("m1", "America/New_York", 8);
        // A move that crashed after writing its new row but before the pointer: a row at 07:30 the pointer does not name.
        await _h.Store.GetTable<CheckInIndexRow>(CheckInIndexRow.TableName)
            .UpsertAsync(CheckInIndexRow.For(CheckInClock.Bucket(Ny(1, 7, 30)), "m1", Ny(1, 7, 30), null));
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(1, 7, 45));
        Assert.Empty(_h.Outbox.Stored);
        Assert.Equal(1, await _h.IndexRowCountAsync("m1", Ny(1, 7, 0), Ny(1, 9, 0)));
        await _h.RunUntilAsync(scheduler, Ny(1, 8, 1));
        Assert.Single(_h.Outbox.ForMember("m1"));
    }
}

public sealed class CheckInSeamTests : IDisposable
{
    private readonly SchedulingHarness _h = new(new DateTimeOffset(2026, 6, 1, 11, 0, 0, TimeSpan.Zero));

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Conversation_seams_answer_from_the_ledger_and_erase_everything()
    {
        await _h.AddMemberAsync("m1", "America/New_York", 8, change: p => p.MissedCheckIns = 2);
        await _h.RunUntilAsync(_h.NewScheduler(), new DateTimeOffset(2026, 6, 1, 12, 1, 0, TimeSpan.Zero));
        var lookup = new LedgerOpenCheckInLookup(_h.Ledger);
        Assert.Equal("2026-06-01", await lookup.GetOpenPromptDateAsync("m1", _h.Clock.GetUtcNow(), CancellationToken.None));
        var profile = (await _h.Members.GetAsync("m1", CancellationToken.None))!;
        await lookup.MarkAnsweredAsync(profile, "2026-06-01", CancellationToken.None);
        Assert.Equal(0, profile.MissedCheckIns);
        Assert.Null(await lookup.GetOpenPromptDateAsync("m1", _h.Clock.GetUtcNow(), CancellationToken.None));

        await new CheckInDataEraser(_h.Store, _h.Index).EraseAsync("m1", CancellationToken.None);
        Assert.Null(await _h.Ledger.GetAsync("m1", "2026-06-01"));
        Assert.Null(await _h.Index.GetPointerAsync("m1", CancellationToken.None));
    }
}
