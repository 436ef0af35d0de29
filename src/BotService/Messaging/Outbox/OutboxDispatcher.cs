using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Messaging.Outbox;

/// <summary>
/// Drains the outbox: most urgent first, paced per sender, retried with backoff, final failures recorded.
/// <para>
/// Crash safety: a message is marked Sending (attempt count, lease) before the provider is called, and the provider's
/// id is recorded after. If the process dies in between, we cannot know whether the provider got it: Twilio has no
/// idempotency key. When the lease runs out the message is sent once more (at-least-once), so such a crash can
/// duplicate exactly that one message. A message found with a lost lease a second time is failed rather than resent,
/// so a crash loop can never turn into a flood of repeats.
/// </para>
/// <para>
/// Many instances: every instance runs a dispatcher, but only the holder of the <c>outbox-dispatch</c> lease sends.
/// The others only enqueue. One sender of all the line's messages keeps each number's pace and the priority order
/// (a crisis page queued on any instance leaves before check-ins queued after it), which per-instance pacing cannot:
/// Twilio silently queues whatever exceeds a number's rate, behind whatever came first.
/// </para>
/// </summary>
public sealed partial class OutboxDispatcher : BackgroundService
{
    private const int PageSize = 32;
    public const string DispatchLeaseName = "outbox-dispatch";

    /// <summary>Sends start only while this much of the lease is left, so a send cut short by the provider timeout
    /// still ends before anyone else may take over.</summary>
    private static readonly TimeSpan SendMargin = OutboxOptions.ProviderTimeout + TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MinimumDispatchLease = SendMargin + RenewEvery + TimeSpan.FromSeconds(3);

    /// <summary>Least urgent first: see <see cref="LoadDueAsync"/>.</summary>
    private static readonly MessagePriority[] QueryOrder = [.. Enum.GetValues<MessagePriority>().OrderByDescending(p => (int)p)];

    private readonly TableOutbox _outbox;
    private readonly Dictionary<string, IMessageTransport> _transports = new(StringComparer.Ordinal);
    private readonly IRecipientStatusSink _sink;
    private readonly IMemberSendGate _gate;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly OutboxOptions _options;
    private readonly SendPacer _pacer;
    private readonly double _channelRate;
    private readonly SchedulerLease _lease;
    private readonly ILogger<OutboxDispatcher> _logger;

    public OutboxDispatcher(TableOutbox outbox, IEnumerable<IMessageTransport> transports, IRecipientStatusSink sink, IMemberSendGate gate,
        OutboxSignal signal, TimeProvider time, IOptions<OutboxOptions> options, IOptions<TwilioOptions> twilioOptions, ITableStore store,
        ILogger<OutboxDispatcher> logger)
    {
        _outbox = outbox;
        // Later registrations win, so a host or test can replace a channel's transport.
        foreach (var transport in transports) _transports[transport.Channel] = transport;
        _sink = sink;
        _gate = gate;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _pacer = new SendPacer(time);
        _channelRate = twilioOptions.Value.MessagesPerSecond;
        _lease = new SchedulerLease(store, time, DispatchLeaseName, _options.DispatchLease);
        _logger = logger;
    }

    /// <summary>Whether this instance is the one sending (tests and the scale-out bench read it).</summary>
    internal bool HoldsDispatchLease => _lease.IsHeld;

    /// <summary>Jitter source; tests fix the seed.</summary>
    internal Random Random { get; init; } = Random.Shared;

    /// <summary>True while the loop is parked waiting for a wake-up or its timer (tests move the clock only then).</summary>
    internal bool IsIdle => _signal.IsIdle;

    private ITable<OutboxRow> Table => _outbox.Table;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await DrainAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A storage outage must not stop the host; the rows are durable and the next pass picks them up.
                LogDrainFailed(ex);
                wait = _options.PollInterval;
            }
            try
            {
                await _signal.WaitAsync(wait, _time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }
        await HandOverAsync();
    }

    /// <summary>
    /// Shutdown: tell the next holder when our senders are free, then let it take over at once instead of after the
    /// lease. A crash skips this; the lease then runs out, and the send margin keeps the two holders' sends apart.
    /// </summary>
    private async Task HandOverAsync()
    {
        if (!_lease.IsHeld) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _lease.AdvanceCursorAsync(FreeAtCursor(), timeout.Token);
            await _lease.ReleaseAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TableStorageException or ObjectDisposedException or HttpRequestException or Azure.RequestFailedException)
        {
            // The lease simply runs out.
        }
    }

    private string FreeAtCursor() => _pacer.AllFreeAt().UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// True when this instance may start a send now: it holds the dispatch lease with at least <see cref="SendMargin"/>
    /// left. Renews (recording when its senders are free) every few seconds; on taking the lease over, waits until
    /// the previous holder's senders are free.
    /// </summary>
    private async Task<bool> MaySendAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_lease.HeldUntil is { } until && until - now >= _options.DispatchLease - RenewEvery && until > now) return true;
        if (_lease.IsHeld)
        {
            if (!await _lease.AdvanceCursorAsync(FreeAtCursor(), cancellationToken))
            {
                LogDispatchLeaseLost();
                return false;
            }
        }
        else
        {
            if (!await _lease.TryAcquireOrRenewAsync(cancellationToken)) return false;
            // The cursor is still the previous holder's: when its senders are free again.
            if (long.TryParse(_lease.Cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks is > 0 and <= 3155378975999999999)
                _pacer.HoldAllUntil(new DateTimeOffset(ticks, TimeSpan.Zero));
            LogDispatchLeaseTaken();
        }
        return _lease.HeldUntil - _time.GetUtcNow() >= SendMargin;
    }

    /// <summary>Sends until nothing is due or every due sender is paced; returns how long to sleep.</summary>
    internal async Task<TimeSpan> DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            // Another instance sends while it holds the lease; this one only enqueues and asks again in a while.
            if (!await MaySendAsync(cancellationToken)) return _lease.IsHeld ? _options.PollInterval : NotHoldingWait;
            var now = _time.GetUtcNow();
            var wait = _options.PollInterval;
            var progressed = false;
            var (due, nextDue) = await LoadDueAsync(now, cancellationToken);
            if (nextDue is { } next && next - now < wait) wait = next - now;

            foreach (var pointer in due)
            {
                if (pointer.MessageId is null || pointer.Channel is null)
                {
                    await Table.DeleteAsync(pointer.PartitionKey, pointer.RowKey, pointer.ETag, cancellationToken);
                    progressed = true;
                    break;
                }
                if (!_transports.TryGetValue(pointer.Channel, out var transport))
                {
                    await ProcessAsync(pointer, null, "", _channelRate, cancellationToken);
                    progressed = true;
                    break;
                }
                var (sender, rate) = transport is IPacedTransport paced && paced.PacingKeyFor(pointer.RecipientBucket ?? 0) is { } key
                    ? (key, paced.MessagesPerSecondOf(key)) : (transport.Channel, _channelRate);
                var paceWait = _pacer.WaitFor(sender);
                if (paceWait > TimeSpan.Zero)
                {
                    // This sender is busy; a message for another sender further down may still go now.
                    if (paceWait < wait) wait = paceWait;
                    continue;
                }
                await ProcessAsync(pointer, transport, sender, rate, cancellationToken);
                progressed = true;
                // Reload after every message so something urgent enqueued meanwhile goes next.
                break;
            }
            if (!progressed) return wait;
        }
    }

    /// <summary>
    /// The due pointers, most urgent first. The priorities are read least urgent first: a check-in seen here was
    /// stored before its query ran, so a crisis page stored before that check-in (on any instance) is already visible
    /// to the later, more urgent query, and leaves first.
    /// </summary>
    private async Task<(List<OutboxRow> Due, DateTimeOffset? NextDue)> LoadDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var byPriority = new List<List<OutboxRow>>(QueryOrder.Length);
        DateTimeOffset? nextDue = null;
        foreach (var priority in QueryOrder)
        {
            // RowKeys sort by not-before time within a priority, so the first page holds the earliest pointers.
            var page = await Table.QueryPartitionAsync(OutboxRow.Partition, RowKeyRange.Prefix(OutboxRow.DuePrefixOf(priority)), PageSize, null, cancellationToken);
            var dueHere = new List<OutboxRow>();
            var oldestWait = TimeSpan.Zero;
            foreach (var pointer in page.Items)
            {
                var notBefore = pointer.NotBefore ?? now;
                if (notBefore <= now)
                {
                    if (dueHere.Count == 0) oldestWait = now - notBefore;
                    dueHere.Add(pointer);
                    continue;
                }
                if (nextDue is null || notBefore < nextDue) nextDue = notBefore;
                break;
            }
            byPriority.Add(dueHere);
            // The gauges read this: the depth and the oldest wait cost no query of their own.
            SmsMetrics.ObserveOutbox(priority, dueHere.Count, oldestWait);
        }
        byPriority.Reverse();
        return ([.. byPriority.SelectMany(p => p)], nextDue);
    }

    private TimeSpan NotHoldingWait => _options.DispatchLease / 4;

    private async Task ProcessAsync(OutboxRow pointer, IMessageTransport? transport, string sender, double rate, CancellationToken cancellationToken)
    {
        var id = pointer.MessageId!;
        var row = await Table.GetAsync(OutboxRow.Partition, OutboxRow.MessageKey(id), cancellationToken);
        var status = row?.Status ?? OutboxStatus.Queued;
        if (row is null || row.DueKey != pointer.RowKey || status is not (OutboxStatus.Queued or OutboxStatus.Sending))
        {
            // A pointer that outlived its message (or a superseded one): nothing to send.
            await Table.DeleteAsync(pointer.PartitionKey, pointer.RowKey, pointer.ETag, cancellationToken);
            return;
        }
        var priority = row.Priority ?? MessagePriority.Normal;
        var segments = row.Segments ?? 1;

        if (transport is null)
        {
            await FinishAsync(row, pointer, OutboxStatus.Failed, null, "no transport registered for channel " + row.Channel, cancellationToken);
            LogOutcome(id, priority, segments, row.Attempts ?? 0, "no-transport", null);
            return;
        }

        if (status == OutboxStatus.Sending)
        {
            // The pointer of a claimed message is due only once its lease has run out: whoever claimed it died.
            if ((row.LeaseRecoveries ?? 0) >= 1)
            {
                await FinishAsync(row, pointer, OutboxStatus.Failed, null, "lease lost twice; not resent again to avoid repeats", cancellationToken);
                LogLeaseGivenUp(id, priority);
                return;
            }
            row.LeaseRecoveries = (row.LeaseRecoveries ?? 0) + 1;
            SmsMetrics.LeaseRecoveries.Add(1);
            LogLeaseRecovered(id, priority, row.Attempts ?? 0);
        }

        if (row.BodyCipher is null || row.RecipientCipher is null)
        {
            await FinishAsync(row, pointer, OutboxStatus.Failed, null, "message has no body or recipient", cancellationToken);
            return;
        }
        if (row.MemberKey is { } memberKey && row.IsTurnReply != true && status == OutboxStatus.Queued)
        {
            // Her state may have changed since this was queued (STOP, her code word): decide now, on every channel.
            var decision = await _gate.CheckAsync(memberKey, priority, cancellationToken);
            if (decision.Verdict == SendGateVerdict.Withhold)
            {
                await _outbox.WithholdAsync(row, "withheld at send time: " + decision.Reason, cancellationToken);
                LogOutcome(id, priority, segments, row.Attempts ?? 0, "withheld", null);
                return;
            }
            if (decision.Verdict == SendGateVerdict.Defer && decision.NotBefore is { } later)
            {
                await DeferAsync(row, pointer, later, cancellationToken);
                return;
            }
        }

        string recipient, body;
        try
        {
            recipient = _outbox.Encryptor.Decrypt(row.RecipientCipher);
            body = _outbox.Encryptor.Decrypt(row.BodyCipher);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Written under a key this instance does not have (a rotated key missing from PreviousEncryptionKeys):
            // retrying cannot help, and claiming it first would leave it stuck in Sending for two leases.
            await FinishAsync(row, pointer, OutboxStatus.Failed, null, "cannot decrypt: its encryption key is not configured", cancellationToken);
            return;
        }

        // Claim: Sending with a lease, and the pointer moved to the lease's end, in one batch. The ETags make a
        // second dispatcher's claim of the same message fail instead of sending it twice.
        var now = _time.GetUtcNow();
        var leaseUntil = now + _options.Lease;
        var leaseKey = OutboxRow.DueKeyOf(priority, leaseUntil, id);
        row.Status = OutboxStatus.Sending;
        row.Attempts = (row.Attempts ?? 0) + 1;
        row.LeaseUntil = leaseUntil;
        row.NotBefore = leaseUntil;
        row.DueKey = leaseKey;
        row.UpdatedAt = now;
        var leasePointer = TableOutbox.NewPointer(row, leaseKey, leaseUntil);
        try
        {
            var etags = await Table.SubmitBatchAsync([
                TableOperation<OutboxRow>.Replace(row, row.ETag),
                TableOperation<OutboxRow>.Delete(pointer, pointer.ETag),
                TableOperation<OutboxRow>.Insert(leasePointer)], cancellationToken);
            row.ETag = etags[0];
            leasePointer.ETag = etags[2];
        }
        catch (TableBatchException)
        {
            LogClaimLost(id);
            return;
        }

        SendOutcome outcome;
        try
        {
            outcome = await transport.SendAsync(recipient, body, id, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down mid-send: leave the row in Sending; the lease decides what happens next.
            throw;
        }
        catch (Exception ex)
        {
            LogTransportThrew(ex, id);
            outcome = new SendOutcome(SendOutcomeKind.RetryLater, Detail: "transport threw " + ex.GetType().Name);
        }
        finally
        {
            // Paced from the answer, not the request: the provider saw this message at some moment before its answer,
            // and a fast next request after a slow one would otherwise reach it less than an interval later.
            _pacer.Take(sender, segments, rate);
        }

        var kind = outcome.Kind.ToString();
        SmsMetrics.SendAttempts.Add(1, new KeyValuePair<string, object?>("outcome", kind));
        if (outcome.Kind != SendOutcomeKind.Accepted) SmsMetrics.RecordFailure(outcome.ErrorCode, kind, "send");
        LogOutcome(id, priority, segments, row.Attempts.Value, kind, outcome.ErrorCode);
        await RecordAsync(row, leasePointer, outcome, recipient, cancellationToken);
    }

    private async Task RecordAsync(OutboxRow row, OutboxRow leasePointer, SendOutcome outcome, string recipient, CancellationToken cancellationToken)
    {
        // Recording must not be abandoned half-way when shutdown starts: the provider already has the message.
        var ct = CancellationToken.None;
        switch (outcome.Kind)
        {
            case SendOutcomeKind.Accepted:
            {
                row.Status = OutboxStatus.Sent;
                row.ProviderSid = outcome.ProviderMessageId;
                ClearWork(row);
                row.ErrorCode = null;
                row.FailureReason = null;
                var ops = new List<TableOperation<OutboxRow>>
                {
                    TableOperation<OutboxRow>.Replace(row, row.ETag),
                    TableOperation<OutboxRow>.Delete(leasePointer, leasePointer.ETag),
                };
                if (outcome.ProviderMessageId is { } sid && TableOutbox.IsKeySafe(sid))
                {
                    var index = OutboxRow.New(OutboxRow.SidKey(sid));
                    index.MessageId = row.MessageId;
                    index.CreatedAt = row.UpdatedAt;
                    ops.Add(TableOperation<OutboxRow>.Upsert(index));
                }
                await SubmitRecordAsync(row, ops, ct);
                return;
            }
            case SendOutcomeKind.RetryLater when (row.Attempts ?? 0) < _options.MaxAttempts:
            {
                var now = _time.GetUtcNow();
                var next = now + RetryBackoff.Next(_options, row.Attempts ?? 1, outcome.RetryAfter, Random);
                var nextKey = OutboxRow.DueKeyOf(row.Priority ?? MessagePriority.Normal, next, row.MessageId!);
                row.Status = OutboxStatus.Queued;
                row.LeaseUntil = null;
                row.NotBefore = next;
                row.DueKey = nextKey;
                row.ErrorCode = outcome.ErrorCode;
                row.FailureReason = outcome.Detail;
                row.UpdatedAt = now;
                await SubmitRecordAsync(row, [
                    TableOperation<OutboxRow>.Replace(row, row.ETag),
                    TableOperation<OutboxRow>.Delete(leasePointer, leasePointer.ETag),
                    TableOperation<OutboxRow>.Insert(TableOutbox.NewPointer(row, nextKey, next))], ct);
                return;
            }
            case SendOutcomeKind.RetryLater:
                await FinishAsync(row, leasePointer, OutboxStatus.Failed, outcome.ErrorCode, $"gave up after {row.Attempts} attempts: {outcome.Detail}", ct);
                return;
            case SendOutcomeKind.RecipientOptedOut:
                await FinishAsync(row, leasePointer, OutboxStatus.Failed, outcome.ErrorCode, "recipient opted out", ct);
                await NotifyAsync(row, () => _sink.RecipientOptedOutAsync(row.Channel!, recipient, ct));
                return;
            case SendOutcomeKind.RecipientUnreachable:
                await FinishAsync(row, leasePointer, OutboxStatus.Failed, outcome.ErrorCode, "recipient unreachable", ct);
                await NotifyAsync(row, () => _sink.RecipientUnreachableAsync(row.Channel!, recipient, outcome.ErrorCode, ct));
                return;
            default:
                await FinishAsync(row, leasePointer, OutboxStatus.Failed, outcome.ErrorCode, "rejected: " + (outcome.Detail ?? "no detail"), ct);
                return;
        }
    }

    private async Task DeferAsync(OutboxRow row, OutboxRow pointer, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var key = OutboxRow.DueKeyOf(row.Priority ?? MessagePriority.Normal, notBefore, row.MessageId!);
        row.NotBefore = notBefore;
        row.DueKey = key;
        row.UpdatedAt = _time.GetUtcNow();
        try
        {
            await Table.SubmitBatchAsync([
                TableOperation<OutboxRow>.Replace(row, row.ETag),
                TableOperation<OutboxRow>.Delete(pointer, pointer.ETag),
                TableOperation<OutboxRow>.Insert(TableOutbox.NewPointer(row, key, notBefore))], cancellationToken);
        }
        catch (TableBatchException)
        {
            LogClaimLost(row.MessageId!);
        }
    }

    private async Task FinishAsync(OutboxRow row, OutboxRow pointer, OutboxStatus status, string? errorCode, string reason, CancellationToken cancellationToken)
    {
        row.Status = status;
        row.ErrorCode = errorCode;
        row.FailureReason = reason;
        ClearWork(row);
        await SubmitRecordAsync(row, [TableOperation<OutboxRow>.Replace(row, row.ETag), TableOperation<OutboxRow>.Delete(pointer, pointer.ETag)], cancellationToken);
    }

    /// <summary>A final message keeps no body: nothing will send it again, and every stored copy is a liability.</summary>
    private void ClearWork(OutboxRow row)
    {
        row.BodyCipher = null;
        row.LeaseUntil = null;
        row.NotBefore = null;
        row.DueKey = null;
        row.UpdatedAt = _time.GetUtcNow();
    }

    private async Task SubmitRecordAsync(OutboxRow row, IReadOnlyList<TableOperation<OutboxRow>> operations, CancellationToken cancellationToken)
    {
        try
        {
            var etags = await Table.SubmitBatchAsync(operations, cancellationToken);
            row.ETag = etags[0];
        }
        catch (TableBatchException ex)
        {
            // Someone took the message over (our lease ran out mid-send); their record wins.
            LogRecordLost(ex, row.MessageId ?? "");
        }
    }

    private async Task NotifyAsync(OutboxRow row, Func<Task> notify)
    {
        try { await notify(); }
        catch (Exception ex) { LogSinkFailed(ex, row.MessageId ?? ""); }
    }

    [LoggerMessage(EventId = 7320, Level = LogLevel.Information, Message = "Outbox message {OutboxMessageId} (priority {Priority}, {Segments} segments) attempt {Attempt}: {Outcome} {ErrorCode}.")]
    private partial void LogOutcome(string outboxMessageId, MessagePriority priority, int segments, int attempt, string outcome, string? errorCode);

    [LoggerMessage(EventId = 7321, Level = LogLevel.Warning, Message = "Outbox message {OutboxMessageId} (priority {Priority}) was left in Sending after attempt {Attempt} (crash or shutdown mid-send); sending it once more, which may duplicate it.")]
    private partial void LogLeaseRecovered(string outboxMessageId, MessagePriority priority, int attempt);

    [LoggerMessage(EventId = 7322, Level = LogLevel.Error, Message = "Outbox message {OutboxMessageId} (priority {Priority}) lost its lease a second time; failed instead of resending.")]
    private partial void LogLeaseGivenUp(string outboxMessageId, MessagePriority priority);

    [LoggerMessage(EventId = 7323, Level = LogLevel.Information, Message = "Outbox message {OutboxMessageId} was claimed by another dispatcher.")]
    private partial void LogClaimLost(string outboxMessageId);

    [LoggerMessage(EventId = 7324, Level = LogLevel.Warning, Message = "Outbox message {OutboxMessageId}: result not recorded, the row changed meanwhile.")]
    private partial void LogRecordLost(Exception exception, string outboxMessageId);

    [LoggerMessage(EventId = 7325, Level = LogLevel.Error, Message = "Outbox transport threw for message {OutboxMessageId}; will retry.")]
    private partial void LogTransportThrew(Exception exception, string outboxMessageId);

    [LoggerMessage(EventId = 7326, Level = LogLevel.Error, Message = "Outbox drain failed; retrying after the poll interval.")]
    private partial void LogDrainFailed(Exception exception);

    [LoggerMessage(EventId = 7328, Level = LogLevel.Information, Message = "This instance now holds the outbox dispatch lease and sends for the line.")]
    private partial void LogDispatchLeaseTaken();

    [LoggerMessage(EventId = 7329, Level = LogLevel.Warning, Message = "This instance lost the outbox dispatch lease; another instance sends now.")]
    private partial void LogDispatchLeaseLost();

    [LoggerMessage(EventId = 7327, Level = LogLevel.Error, Message = "Recipient status sink failed for outbox message {OutboxMessageId}.")]
    private partial void LogSinkFailed(Exception exception, string outboxMessageId);
}
