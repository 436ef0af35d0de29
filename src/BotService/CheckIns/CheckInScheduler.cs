using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.CheckIns;

/// <summary>
/// Sends the daily check-ins. Every <see cref="CheckInOptions.TickInterval"/>, if this instance holds the
/// "checkin-scheduler" lease, it reads the due-index buckets from the one after the cursor up to the current minute,
/// and for each member named there re-reads her profile and does what her pointer says is due (prompt or reminder).
/// It never scans all members: the cost of a tick is the number of buckets it reads plus the members due in them.
/// <para>Exactly once, prompt: (1) INSERT the ledger row for her local date (a conflict means an earlier run claimed the
/// day); (2) enqueue with DedupeKey <c>checkin:{memberKey}:{localDate}</c>; (3) mark the row PromptSentAt; (4) move her
/// index to the reminder or tomorrow; (5) the cursor passes the bucket only after all of that. A crash anywhere leaves
/// the bucket row in place and the cursor before it, so the next holder reads it again: a row claimed but not marked sent
/// is enqueued again, which the outbox ignores if (2) had completed (same dedupe key) and stores if it had not. Nothing
/// is lost and nothing doubles. If quiet hours began meanwhile the claimed day is abandoned instead of sent.</para>
/// <para>The buckets are read a UTC day at a time, with one range query per index shard, so catching up after a long
/// outage costs a few queries per day missed, not one per minute. At most <see cref="SenderCapacity"/> messages are
/// handed to the outbox per minute; the longest-waiting go first, the rest move to the following minutes when those
/// are still outside her quiet hours and on the same local day (else they are sent now, over capacity), and
/// <see cref="CheckInCapacityAlert"/> tells the coordinator.</para>
/// </summary>
public sealed partial class CheckInScheduler : BackgroundService
{
    public const string LeaseName = "checkin-scheduler";
    public const string ContentFile = "checkin-prompts";

    private readonly MemberRepository _members;
    private readonly CheckInIndex _index;
    private readonly CheckInLedger _ledger;
    private readonly IOutbox _outbox;
    private readonly ContentCatalog _content;
    private readonly FieldEncryptor _encryptor;
    private readonly IOptOutLookup _optOuts;
    private readonly IPeerSupportQueue _outreach;
    private readonly QuietHoursPolicy _quiet;
    private readonly CheckInOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CheckInScheduler> _logger;
    private readonly SchedulerLease _lease;
    private readonly SemaphoreSlim _leaseGate = new(1, 1);
    private DateTimeOffset _lastRenewal;
    private readonly int _perMinute;
    private readonly CheckInCapacityAlert? _capacityAlert;
    private readonly Lock _slotGate = new();
    private DateTimeOffset _slotMinute;
    private int _slotsUsed;
    private int _overflowed;

    public CheckInScheduler(ITableStore store, MemberRepository members, CheckInIndex index, CheckInLedger ledger, IOutbox outbox,
        ContentCatalog content, FieldEncryptor encryptor, IOptOutLookup optOuts, IPeerSupportQueue outreach, QuietHoursPolicy quiet,
        IOptions<CheckInOptions> options, TimeProvider time, ILogger<CheckInScheduler> logger,
        SenderCapacity? capacity = null, CheckInCapacityAlert? capacityAlert = null)
    {
        _perMinute = capacity?.MessagesPerMinute ?? int.MaxValue;
        _capacityAlert = capacityAlert;
        _members = members;
        _index = index;
        _ledger = ledger;
        _outbox = outbox;
        _content = content;
        _encryptor = encryptor;
        _optOuts = optOuts;
        _outreach = outreach;
        _quiet = quiet;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _lease = new SchedulerLease(store, time, LeaseName, _options.LeaseDuration);
    }

    public string InstanceId => _lease.InstanceId;

    /// <summary>True while this instance holds the scheduler lease.</summary>
    public bool IsLeader => _lease.IsHeld;

    /// <summary>On the very first run (no cursor yet) buckets this far back are read, in case members were indexed
    /// before any scheduler ran.</summary>
    public TimeSpan FirstRunLookback { get; init; } = TimeSpan.FromDays(1);

    public static string PromptDedupeKey(string memberKey, string localDate) => $"checkin:{memberKey}:{localDate}";
    public static string ReminderDedupeKey(string memberKey, string localDate) => $"checkin-reminder:{memberKey}:{localDate}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(InstanceId);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await TickAsync(stoppingToken);
                if (result.Leader && result.Prompts + result.Reminders + result.SilenceMessages + result.Skipped + result.Failed > 0)
                    LogTick(result.BucketsRead, result.Prompts, result.Reminders, result.SilenceMessages, result.Skipped, result.Failed);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception ex)
            {
                // A failed tick leaves the cursor where it was; the next tick retries the same buckets.
                LogTickFailed(ex);
            }
            try { await Task.Delay(_options.TickInterval, _time, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // Hand over at once instead of making the next instance wait out the lease.
        await _lease.ReleaseAsync(cancellationToken);
    }

    /// <summary>One scheduling pass. Public so tests and the benchmark drive it with their own clock.</summary>
    public async Task<CheckInTickResult> TickAsync(CancellationToken cancellationToken)
    {
        if (!await _lease.TryAcquireOrRenewAsync(cancellationToken)) return CheckInTickResult.NotLeader;
        _lastRenewal = _time.GetUtcNow();
        var counters = new Counters();
        var end = CheckInClock.FloorToMinute(_time.GetUtcNow());
        var next = _lease.Cursor is { } cursor
            ? CheckInClock.BucketStart(cursor).AddMinutes(1)
            : CheckInClock.FloorToMinute(end - FirstRunLookback);
        SchedulerMetrics.Lag.Record(Math.Max(0, (_time.GetUtcNow() - next).TotalSeconds));
        // The cursor is written after every bucket that had work (so a crash repeats little) and once at the end for
        // the empty ones (so an idle minute costs its reads, not a write too).
        string? passed = null;
        var written = _lease.Cursor;
        try
        {
            while (next <= end)
            {
                // One UTC day (or what is left of it) per round: a range query per shard reads all of its due rows.
                // Nothing this tick writes lands in the span read: every new entry is due after the current minute.
                var dayLast = new DateTimeOffset(next.UtcDateTime.Date.AddDays(1), TimeSpan.Zero).AddMinutes(-1);
                var to = end < dayLast ? end : dayLast;
                await EnsureLeaseAsync(cancellationToken);
                var rows = await _index.ReadRangeAsync(next, to, counters.Queries, cancellationToken);
                var day = next.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
                var buckets = rows.GroupBy(r => day + r.RowKey[..4], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal);
                var stuck = false;
                foreach (var group in buckets)
                {
                    var bucket = group.Key;
                    var (members, complete) = await ProcessBucketAsync(bucket, group.ToList(), counters, cancellationToken);
                    if (!complete)
                    {
                        // A member we could neither serve nor defer: this bucket is retried on the next tick.
                        var held = CheckInClock.BucketStart(bucket);
                        counters.Buckets += (int)(held - next).TotalMinutes + 1;
                        if (held > next) passed = CheckInClock.Bucket(held.AddMinutes(-1));
                        stuck = true;
                        break;
                    }
                    if (members > 0)
                    {
                        if (!await _lease.AdvanceCursorAsync(bucket, cancellationToken)) return counters.ToResult();
                        _lastRenewal = _time.GetUtcNow();
                        written = bucket;
                    }
                }
                if (stuck) break;
                counters.Buckets += (int)(to - next).TotalMinutes + 1;
                passed = CheckInClock.Bucket(to);
                next = to.AddMinutes(1);
            }
            if (passed is not null && passed != written && await _lease.AdvanceCursorAsync(passed, cancellationToken)) _lastRenewal = _time.GetUtcNow();
        }
        catch (LeaseLostException)
        {
            // Another instance owns the schedule now; it re-reads from the cursor we last wrote.
            LogLeaseLost(InstanceId);
        }
        return counters.ToResult();
    }

    private async Task<(int Members, bool Complete)> ProcessBucketAsync(string bucket, List<CheckInIndexRow> rows, Counters counters, CancellationToken cancellationToken)
    {
        await EnsureLeaseAsync(cancellationToken);
        if (rows.Count == 0) return (0, true);
        // The longest-waiting first: when the senders are full, those moved on from an earlier minute go before the
        // ones due now, so nobody is pushed back twice while others pass her.
        var keys = rows.OrderBy(r => r.WaitingSince).ThenBy(r => r.RowKey, StringComparer.Ordinal)
            .Select(r => r.RowKey[5..]).ToList();
        var (deferredBefore, overBefore) = (counters.Deferred, counters.SentOver);

        var complete = true;
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = _options.Parallelism, CancellationToken = cancellationToken },
            async (memberKey, ct) =>
            {
                await EnsureLeaseAsync(ct);
                try
                {
                    await ProcessMemberAsync(bucket, memberKey, counters, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException and not LeaseLostException)
                {
                    Interlocked.Increment(ref counters.Failed);
                    LogMemberFailed(memberKey, ex);
                    // Retry her next minute rather than hold up everyone due in this bucket.
                    if (!await TryDeferAsync(memberKey, ct)) complete = false;
                }
            });
        var (moved, over) = (counters.Deferred - deferredBefore, counters.SentOver - overBefore);
        if (moved + over > 0 && _capacityAlert is not null)
        {
            try { await _capacityAlert.OverCapacityAsync(_outbox, bucket, keys.Count, _perMinute, moved, over, cancellationToken); }
            catch (Exception ex) when (ex is not OperationCanceledException) { LogAlertFailed(ex); }
        }
        return (keys.Count, complete);
    }

    /// <summary>Takes one of this minute's sending slots; false when the senders are full for this minute.</summary>
    private bool TryTakeSlot(DateTimeOffset now)
    {
        lock (_slotGate)
        {
            var minute = CheckInClock.FloorToMinute(now);
            if (minute != _slotMinute) (_slotMinute, _slotsUsed, _overflowed) = (minute, 0, 0);
            if (_slotsUsed >= _perMinute) return false;
            _slotsUsed++;
            return true;
        }
    }

    /// <summary>The minute an overflowing message moves to: the next ones, <see cref="_perMinute"/> to each.</summary>
    private DateTimeOffset NextFreeMinute(DateTimeOffset now)
    {
        lock (_slotGate)
        {
            var spill = _overflowed++;
            return CheckInClock.FloorToMinute(now).AddMinutes(1 + spill / _perMinute);
        }
    }

    /// <summary>
    /// Called just before a message would be handed over. True when it was moved to a later minute (the caller stops);
    /// false when it may go now: a slot was free, or no later minute of her day is outside quiet hours, in which case
    /// it goes over capacity (Twilio queues it a little) rather than into the night.
    /// </summary>
    private async Task<bool> DeferIfFullAsync(MemberContext member, CheckInStep step, Counters counters, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (TryTakeSlot(now)) return false;
        var target = NextFreeMinute(now);
        var local = CheckInClock.LocalNow(member.Zone, target);
        if (CheckInClock.DateKey(DateOnly.FromDateTime(local)) != member.LocalDate
            || _quiet.IsQuiet(TimeOnly.FromDateTime(local), member.Profile.QuietHours))
        {
            Interlocked.Increment(ref counters.SentOver);
            return false;
        }
        var entry = new CheckInIndex.Entry(step, member.LocalDate, target, member.Pointer.FirstDueAt ?? member.Pointer.DueAt);
        if (!await _index.MoveAsync(member.MemberKey, member.Pointer, entry, member.Signature, member.Pointer.LastPromptDate, cancellationToken))
        {
            // Her profile changed meanwhile and she was planned afresh: that plan stands; nothing is sent now.
            LogLostRace(member.MemberKey);
        }
        Interlocked.Increment(ref counters.Deferred);
        return true;
    }

    private async Task EnsureLeaseAsync(CancellationToken cancellationToken)
    {
        if (_time.GetUtcNow() - _lastRenewal < _options.LeaseDuration / 3) return;
        await _leaseGate.WaitAsync(cancellationToken);
        try
        {
            if (_time.GetUtcNow() - _lastRenewal < _options.LeaseDuration / 3) return;
            // A long bucket (many members at one minute) must not outlive the lease: renew, or stop if it was taken.
            if (!await _lease.TryAcquireOrRenewAsync(cancellationToken)) throw new LeaseLostException();
            _lastRenewal = _time.GetUtcNow();
        }
        finally { _leaseGate.Release(); }
    }

    private async Task<bool> TryDeferAsync(string memberKey, CancellationToken cancellationToken)
    {
        try
        {
            var pointer = await _index.GetPointerAsync(memberKey, cancellationToken);
            if (pointer?.LocalDate is null) return true;
            var retryAt = CheckInClock.FloorToMinute(_time.GetUtcNow()).AddMinutes(1);
            return await _index.MoveAsync(memberKey, pointer, new CheckInIndex.Entry(pointer.Step, pointer.LocalDate, retryAt, pointer.FirstDueAt),
                pointer.Signature ?? "", pointer.LastPromptDate, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMemberFailed(memberKey, ex);
            return false;
        }
    }

    private async Task ProcessMemberAsync(string bucket, string memberKey, Counters counters, CancellationToken cancellationToken)
    {
        var pointer = await _index.GetPointerAsync(memberKey, cancellationToken);
        if (pointer?.Bucket != bucket || pointer.LocalDate is null)
        {
            // Left behind by a move that crashed or lost a race; the pointer names her real entry.
            await _index.DeleteRowAsync(bucket, memberKey, cancellationToken);
            Interlocked.Increment(ref counters.Stale);
            return;
        }
        var profile = await _members.GetAsync(memberKey, cancellationToken);
        if (profile is null)
        {
            // Erased: forget her schedule too (her ledger rows are the erasure job's to delete).
            await _index.RemoveAsync(memberKey, cancellationToken);
            Interlocked.Increment(ref counters.Skipped);
            return;
        }
        var signature = CheckInIndex.Signature(profile);
        if (!CheckInIndex.IsSchedulable(profile, out var zone, out var checkInTime))
        {
            await _index.MoveAsync(memberKey, pointer, null, signature, pointer.LastPromptDate, cancellationToken);
            Interlocked.Increment(ref counters.Skipped);
            return;
        }
        if (pointer.Signature != signature)
        {
            // Her schedule changed but the index was not moved (a crash after her profile save): plan afresh.
            await _index.MemberScheduleChangedAsync(profile, cancellationToken);
            Interlocked.Increment(ref counters.Skipped);
            return;
        }
        var context = new MemberContext(profile, zone!, checkInTime, pointer, signature, pointer.LocalDate);
        if (pointer.Step == CheckInStep.Prompt) await ProcessPromptAsync(context, counters, cancellationToken);
        else await ProcessReminderAsync(context, counters, cancellationToken);
    }

    private sealed record MemberContext(MemberProfile Profile, TimeZoneInfo Zone, TimeOnly CheckInTime, CheckInPointerRow Pointer, string Signature, string LocalDate)
    {
        public string MemberKey => Profile.MemberKey;
    }

    private async Task ProcessPromptAsync(MemberContext member, Counters counters, CancellationToken cancellationToken)
    {
        var memberKey = member.MemberKey;
        var now = _time.GetUtcNow();
        var row = await _ledger.GetAsync(memberKey, member.LocalDate, cancellationToken);
        if (row is null)
        {
            if (await SkipReasonAsync(member, now, cancellationToken) is { } reason)
            {
                LogSkipped(memberKey, member.LocalDate, reason);
                Interlocked.Increment(ref counters.Skipped);
                await ScheduleNextPromptAsync(member, now, member.Pointer.LastPromptDate, skippedDate: member.LocalDate, cancellationToken);
                return;
            }
            var missed = await MissedStreakAsync(memberKey, member.Pointer.LastPromptDate, cancellationToken);
            // Exactly at the threshold: once per unanswered streak, since the streak only grows until she answers.
            var kind = missed == _options.SilenceOutreachAfter ? CheckInLedgerRow.KindSilence : CheckInLedgerRow.KindPrompt;
            var claim = new CheckInLedgerRow { PartitionKey = memberKey, RowKey = member.LocalDate, ClaimedAt = now, Kind = kind, MissedBefore = missed };
            // The date index first: a ledger row retention cannot find would be kept for ever.
            await _ledger.IndexDayAsync(memberKey, member.LocalDate, cancellationToken);
            try
            {
                claim.ETag = await _ledger.Table.InsertAsync(claim, cancellationToken);
                row = claim;
            }
            catch (EntityAlreadyExistsException)
            {
                row = await _ledger.GetAsync(memberKey, member.LocalDate, cancellationToken)
                      ?? throw new InvalidOperationException("Ledger row vanished after an insert conflict.");
            }
        }

        if (row.PromptSentAt is null)
        {
            if (row.AbandonedAt is not null)
            {
                await ScheduleNextPromptAsync(member, now, member.Pointer.LastPromptDate, member.LocalDate, cancellationToken);
                return;
            }
            // A claim we (or a crashed run) made: check again, time has passed if this is a retry.
            if (row.ClaimedAt != now && await SkipReasonAsync(member, now, cancellationToken) is { } lateReason)
            {
                row.AbandonedAt = now;
                await TryReplaceAsync(row, cancellationToken);
                LogSkipped(memberKey, member.LocalDate, lateReason);
                Interlocked.Increment(ref counters.Skipped);
                await ScheduleNextPromptAsync(member, now, member.Pointer.LastPromptDate, member.LocalDate, cancellationToken);
                return;
            }
            // A day claimed here and moved on stays claimed: the later minute finds the claim and sends it then.
            if (await DeferIfFullAsync(member, CheckInStep.Prompt, counters, cancellationToken)) return;
            var silence = row.Kind == CheckInLedgerRow.KindSilence;
            if (!await EnqueueAsync(member.Profile, silence ? "silence" : "prompt", PromptDedupeKey(memberKey, member.LocalDate), cancellationToken))
            {
                row.AbandonedAt = now;
                await TryReplaceAsync(row, cancellationToken);
                await ScheduleNextPromptAsync(member, now, member.Pointer.LastPromptDate, member.LocalDate, cancellationToken);
                return;
            }
            row.PromptSentAt = now;
            if (silence) row.SilenceOutreachSentAt = now;
            row = await UpdateLedgerAsync(row, r => { r.PromptSentAt ??= now; if (silence) r.SilenceOutreachSentAt ??= now; }, cancellationToken);
            await _ledger.Stats.CountPromptAsync(member.LocalDate, cancellationToken);
            if (silence) Interlocked.Increment(ref counters.Silence); else Interlocked.Increment(ref counters.Prompts);
            await SetMissedCountAsync(member.Profile, row.MissedBefore, cancellationToken);
        }

        if (row.Kind == CheckInLedgerRow.KindSilence && row.OutreachRequestedAt is null)
        {
            // The escalation queue joins a repeat request to her open one, so a second run of silence pages nobody twice.
            await _outreach.RequestPeerAsync(memberKey, PeerRequestReason.Silence, cancellationToken);
            row = await UpdateLedgerAsync(row, r => r.OutreachRequestedAt ??= now, cancellationToken);
        }

        // The day is prompted: the reminder (prompts only, not the silence message), else tomorrow.
        var next = CheckInIndex.NextPrompt(member.Profile, member.Zone, member.CheckInTime, now, member.LocalDate);
        var entry = next;
        if (row.Kind == CheckInLedgerRow.KindPrompt && row.ReminderSentAt is null && row.AnsweredAt is null)
        {
            var remindAt = CheckInClock.FloorToMinute(row.PromptSentAt!.Value + _options.ReminderAfter);
            var remindLocal = CheckInClock.LocalTime(member.Zone, remindAt);
            if (remindAt < next.DueAt && !_quiet.IsQuiet(remindLocal, member.Profile.QuietHours)
                && CheckInClock.DateKey(CheckInClock.LocalDate(member.Zone, remindAt)) == member.LocalDate)
                entry = new CheckInIndex.Entry(CheckInStep.Reminder, member.LocalDate, remindAt > now ? remindAt : CheckInClock.FloorToMinute(now).AddMinutes(1));
        }
        await MoveAfterPromptAsync(member, entry, cancellationToken);
    }

    private async Task ProcessReminderAsync(MemberContext member, Counters counters, CancellationToken cancellationToken)
    {
        var memberKey = member.MemberKey;
        var now = _time.GetUtcNow();
        var row = await _ledger.GetAsync(memberKey, member.LocalDate, cancellationToken);
        if (row is { Open: true, Kind: CheckInLedgerRow.KindPrompt, ReminderSentAt: null })
        {
            if (await SkipReasonAsync(member, now, cancellationToken) is { } reason)
            {
                // Never more than one reminder, and never a late one in quiet hours: a skipped reminder is dropped.
                LogSkipped(memberKey, member.LocalDate, "reminder " + reason);
                Interlocked.Increment(ref counters.Skipped);
            }
            else if (await DeferIfFullAsync(member, CheckInStep.Reminder, counters, cancellationToken))
            {
                return;
            }
            else if (await EnqueueAsync(member.Profile, "reminder", ReminderDedupeKey(memberKey, member.LocalDate), cancellationToken))
            {
                // Enqueue first, then mark: a crash in between re-enqueues under the same dedupe key (ignored).
                await UpdateLedgerAsync(row, r => r.ReminderSentAt ??= now, cancellationToken);
                Interlocked.Increment(ref counters.Reminders);
            }
        }
        var next = CheckInIndex.NextPrompt(member.Profile, member.Zone, member.CheckInTime, now, Later(member.Pointer.LastPromptDate, member.LocalDate));
        await MoveAfterPromptAsync(member, next, cancellationToken);
    }

    /// <summary>Why no proactive message may go to her now; null when it may.</summary>
    private async Task<string?> SkipReasonAsync(MemberContext member, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profile = member.Profile;
        if (!profile.AcceptsProactiveMessages(now)) return "paused, silenced or inactive";
        if (await _optOuts.IsOptedOutAsync(member.MemberKey, cancellationToken)) return "opted out";
        var localNow = CheckInClock.LocalNow(member.Zone, now);
        // After downtime: a past day's prompt is dropped; today's still goes out unless quiet hours have begun.
        if (DateOnly.FromDateTime(localNow) > CheckInClock.ParseDateKey(member.LocalDate)) return "day passed";
        if (_quiet.IsQuiet(TimeOnly.FromDateTime(localNow), profile.QuietHours)) return "quiet hours";
        return null;
    }

    /// <summary>Unanswered prompts in a row before today, from the previous prompt's ledger row (one point read).</summary>
    private async Task<int> MissedStreakAsync(string memberKey, string? lastPromptDate, CancellationToken cancellationToken)
    {
        if (lastPromptDate is null) return 0;
        var previous = await _ledger.GetAsync(memberKey, lastPromptDate, cancellationToken);
        if (previous is null) return 0;
        if (!previous.Prompted) return previous.MissedBefore;
        return previous.AnsweredAt is null ? previous.MissedBefore + 1 : 0;
    }

    /// <summary>Mirrors the streak into the profile for the dialogs and dashboards. A cache only (the ledger is the
    /// truth), so a lost race with her own turn is simply left for the next prompt.</summary>
    private async Task SetMissedCountAsync(MemberProfile profile, int missed, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3 && profile is not null; attempt++)
        {
            if (profile.MissedCheckIns == missed) return;
            profile.MissedCheckIns = missed;
            try
            {
                await _members.SaveAsync(profile, cancellationToken);
                return;
            }
            catch (EntityConcurrencyException)
            {
                profile = (await _members.GetAsync(profile.MemberKey, cancellationToken))!;
            }
        }
    }

    private async Task<bool> EnqueueAsync(MemberProfile profile, string key, string dedupeKey, CancellationToken cancellationToken)
    {
        var address = MemberRepository.Address(profile, _encryptor);
        if (string.IsNullOrEmpty(address))
        {
            LogNoAddress(profile.MemberKey);
            return false;
        }
        var contentKey = $"{ContentFile}.{key}{(profile.Discreet ? "_discreet" : "")}";
        var body = _content.Text(profile.Language, contentKey);
        // Returns false when the key was already used: that is the retry after a crash, and counts as enqueued.
        await _outbox.EnqueueAsync(new OutboundMessage(profile.Channel, address, body, MessagePriority.CheckIn, dedupeKey) { MemberKey = profile.MemberKey },
            cancellationToken);
        return true;
    }

    private async Task ScheduleNextPromptAsync(MemberContext member, DateTimeOffset now, string? lastPromptDate, string skippedDate, CancellationToken cancellationToken)
    {
        // Never come back for the skipped day: the next prompt is for a later local date.
        var next = CheckInIndex.NextPrompt(member.Profile, member.Zone, member.CheckInTime, now, Later(lastPromptDate, skippedDate));
        if (!await _index.MoveAsync(member.MemberKey, member.Pointer, next, member.Signature, lastPromptDate, cancellationToken))
            LogLostRace(member.MemberKey);
    }

    private async Task MoveAfterPromptAsync(MemberContext member, CheckInIndex.Entry entry, CancellationToken cancellationToken)
    {
        var prompted = Later(member.Pointer.LastPromptDate, member.LocalDate);
        if (await _index.MoveAsync(member.MemberKey, member.Pointer, entry, member.Signature, prompted, cancellationToken)) return;
        // Her profile changed meanwhile and the listener moved her; keep its plan but record today's prompt, which
        // links her missed-check-in chain (a second prompt today is impossible anyway: the ledger row exists).
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var pointer = await _index.GetPointerAsync(member.MemberKey, cancellationToken);
            if (pointer is null || string.CompareOrdinal(pointer.LastPromptDate, prompted) >= 0) return;
            var entryNow = pointer.Bucket is null || pointer.LocalDate is null || pointer.DueAt is null
                ? (CheckInIndex.Entry?)null
                : new CheckInIndex.Entry(pointer.Step, pointer.LocalDate, pointer.DueAt.Value);
            if (await _index.MoveAsync(member.MemberKey, pointer, entryNow, pointer.Signature ?? "", prompted, cancellationToken)) return;
        }
    }

    private static string Later(string? a, string b) => a is not null && string.CompareOrdinal(a, b) > 0 ? a : b;

    private async Task<CheckInLedgerRow> UpdateLedgerAsync(CheckInLedgerRow row, Action<CheckInLedgerRow> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            change(row);
            try
            {
                row.ETag = await _ledger.Table.ReplaceAsync(row, row.ETag, cancellationToken);
                return row;
            }
            catch (EntityConcurrencyException) when (attempt < 5)
            {
                // She answered (or a zombie run wrote) in between: apply the change to the fresh row.
                row = await _ledger.GetAsync(row.PartitionKey, row.RowKey, cancellationToken) ?? row;
            }
        }
    }

    private async Task TryReplaceAsync(CheckInLedgerRow row, CancellationToken cancellationToken)
    {
        try { row.ETag = await _ledger.Table.ReplaceAsync(row, row.ETag, cancellationToken); }
        catch (EntityConcurrencyException) { /* Someone else settled the day; their write wins. */ }
    }

    private sealed class Counters
    {
        public int Buckets, Prompts, Reminders, Silence, Skipped, Stale, Failed, Deferred, SentOver;
        public readonly System.Runtime.CompilerServices.StrongBox<int> Queries = new(0);
        public CheckInTickResult ToResult() => new(true, Buckets, Prompts, Reminders, Silence, Skipped, Stale, Failed)
        {
            Queries = Queries.Value, Deferred = Deferred, SentOverCapacity = SentOver,
        };
    }

    private sealed class LeaseLostException() : Exception("The check-in scheduler lease was taken by another instance.");

    [LoggerMessage(EventId = 4120, Level = LogLevel.Information, Message = "Check-in scheduler started as instance {InstanceId}")]
    private partial void LogStarted(string instanceId);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Check-in tick: {Buckets} buckets, {Prompts} prompts, {Reminders} reminders, {Silence} silence messages, {Skipped} skipped, {Failed} failed")]
    private partial void LogTick(int buckets, int prompts, int reminders, int silence, int skipped, int failed);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Error, Message = "Check-in tick failed; the same buckets are retried next tick")]
    private partial void LogTickFailed(Exception exception);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Warning, Message = "Check-in for member {MemberKey} failed; retrying next minute")]
    private partial void LogMemberFailed(string memberKey, Exception exception);

    [LoggerMessage(EventId = 4124, Level = LogLevel.Debug, Message = "Check-in for member {MemberKey} on {LocalDate} skipped: {Reason}")]
    private partial void LogSkipped(string memberKey, string localDate, string reason);

    [LoggerMessage(EventId = 4125, Level = LogLevel.Warning, Message = "Member {MemberKey} has no address to send a check-in to")]
    private partial void LogNoAddress(string memberKey);

    [LoggerMessage(EventId = 4127, Level = LogLevel.Warning, Message = "Check-in scheduler instance {InstanceId} lost its lease mid-tick; stepping down")]
    private partial void LogLeaseLost(string instanceId);

    [LoggerMessage(EventId = 4128, Level = LogLevel.Error, Message = "Could not tell the coordinator that the senders are full; the log warning and metric stand")]
    private partial void LogAlertFailed(Exception exception);

    [LoggerMessage(EventId = 4126, Level = LogLevel.Debug, Message = "Member {MemberKey} was rescheduled by a profile change meanwhile")]
    private partial void LogLostRace(string memberKey);
}
