using System.Collections.Concurrent;
using BotService.Content;
using BotService.Conversation;
using BotService.Members;
using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Scheduling;

/// <summary>What one tick did (for tests, the benchmark and the summary log line).</summary>
public sealed record CheckInTickResult(bool Leader, int BucketsRead, int Prompts, int Reminders, int SilenceMessages, int Skipped, int Stale, int Failed)
{
    public static readonly CheckInTickResult NotLeader = new(false, 0, 0, 0, 0, 0, 0, 0);
}

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
    private readonly IPeerOutreachQueue _outreach;
    private readonly QuietHoursPolicy _quiet;
    private readonly CheckInOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CheckInScheduler> _logger;
    private readonly SchedulerLease _lease;
    private readonly SemaphoreSlim _leaseGate = new(1, 1);
    private DateTimeOffset _lastRenewal;

    public CheckInScheduler(ITableStore store, MemberRepository members, CheckInIndex index, CheckInLedger ledger, IOutbox outbox,
        ContentCatalog content, FieldEncryptor encryptor, IOptOutLookup optOuts, IPeerOutreachQueue outreach, QuietHoursPolicy quiet,
        IOptions<CheckInOptions> options, TimeProvider time, ILogger<CheckInScheduler> logger)
    {
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
        string? passed = null;
        for (; next <= end; next = next.AddMinutes(1))
        {
            var bucket = CheckInClock.Bucket(next);
            int members;
            bool complete;
            try
            {
                (members, complete) = await ProcessBucketAsync(bucket, counters, cancellationToken);
            }
            catch (LeaseLostException)
            {
                // Another instance owns the schedule now; it re-reads this bucket from the cursor we last wrote.
                LogLeaseLost(InstanceId);
                return counters.ToResult();
            }
            counters.Buckets++;
            // A bucket with a member we could neither serve nor defer is not passed: retried on the next tick.
            if (!complete) break;
            passed = bucket;
            // The cursor is written after every bucket that had work (so a crash repeats little) and once at the end
            // for the empty ones (so an idle minute costs one read, not a read and a write).
            if (members > 0)
            {
                if (!await _lease.AdvanceCursorAsync(bucket, cancellationToken)) return counters.ToResult();
                _lastRenewal = _time.GetUtcNow();
                passed = null;
            }
        }
        if (passed is not null && await _lease.AdvanceCursorAsync(passed, cancellationToken)) _lastRenewal = _time.GetUtcNow();
        return counters.ToResult();
    }

    private async Task<(int Members, bool Complete)> ProcessBucketAsync(string bucket, Counters counters, CancellationToken cancellationToken)
    {
        await EnsureLeaseAsync(cancellationToken);
        // Read the member keys first: the rows are deleted as they are processed, which must not disturb paging.
        var keys = new List<string>();
        await foreach (var row in _index.ReadBucketAsync(bucket, cancellationToken)) keys.Add(row.RowKey);
        if (keys.Count == 0) return (0, true);

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
        return (keys.Count, complete);
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
            return await _index.MoveAsync(memberKey, pointer, new CheckInIndex.Entry(pointer.Step, pointer.LocalDate, retryAt),
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
            if (silence) Interlocked.Increment(ref counters.Silence); else Interlocked.Increment(ref counters.Prompts);
            await SetMissedCountAsync(member.Profile, row.MissedBefore, cancellationToken);
        }

        if (row.Kind == CheckInLedgerRow.KindSilence && row.OutreachRequestedAt is null)
        {
            await _outreach.RequestOutreachAsync(memberKey, $"silence: {row.MissedBefore} check-ins unanswered", cancellationToken);
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
        public int Buckets, Prompts, Reminders, Silence, Skipped, Stale, Failed;
        public CheckInTickResult ToResult() => new(true, Buckets, Prompts, Reminders, Silence, Skipped, Stale, Failed);
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

    [LoggerMessage(EventId = 4126, Level = LogLevel.Debug, Message = "Member {MemberKey} was rescheduled by a profile change meanwhile")]
    private partial void LogLostRace(string memberKey);
}
