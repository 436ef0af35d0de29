using BotService.Channels.Twilio;
using BotService.Conversation;
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
/// </summary>
public sealed partial class OutboxDispatcher : BackgroundService
{
    private const int PageSize = 32;
    private static readonly MessagePriority[] PriorityOrder = [.. Enum.GetValues<MessagePriority>().OrderBy(p => (int)p)];

    private readonly TableOutbox _outbox;
    private readonly Dictionary<string, IMessageTransport> _transports = new(StringComparer.Ordinal);
    private readonly IRecipientStatusSink _sink;
    private readonly IMemberSendGate _gate;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _time;
    private readonly OutboxOptions _options;
    private readonly SendPacer _pacer;
    private readonly ILogger<OutboxDispatcher> _logger;

    public OutboxDispatcher(TableOutbox outbox, IEnumerable<IMessageTransport> transports, IRecipientStatusSink sink, IMemberSendGate gate,
        OutboxSignal signal, TimeProvider time, IOptions<OutboxOptions> options, IOptions<TwilioOptions> twilioOptions, ILogger<OutboxDispatcher> logger)
    {
        _outbox = outbox;
        // Later registrations win, so a host or test can replace a channel's transport.
        foreach (var transport in transports) _transports[transport.Channel] = transport;
        _sink = sink;
        _gate = gate;
        _signal = signal;
        _time = time;
        _options = options.Value;
        _pacer = new SendPacer(time, twilioOptions.Value.MessagesPerSecond);
        _logger = logger;
    }

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
                return;
            }
        }
    }

    /// <summary>Sends until nothing is due or every due sender is paced; returns how long to sleep.</summary>
    internal async Task<TimeSpan> DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
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
                    await ProcessAsync(pointer, null, "", cancellationToken);
                    progressed = true;
                    break;
                }
                var sender = transport is IPacedTransport paced ? paced.PacingKey : transport.Channel;
                var paceWait = _pacer.WaitFor(sender);
                if (paceWait > TimeSpan.Zero)
                {
                    // This sender is busy; a message for another sender further down may still go now.
                    if (paceWait < wait) wait = paceWait;
                    continue;
                }
                await ProcessAsync(pointer, transport, sender, cancellationToken);
                progressed = true;
                // Reload after every message so something urgent enqueued meanwhile goes next.
                break;
            }
            if (!progressed) return wait;
        }
    }

    private async Task<(List<OutboxRow> Due, DateTimeOffset? NextDue)> LoadDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<OutboxRow>();
        DateTimeOffset? nextDue = null;
        foreach (var priority in PriorityOrder)
        {
            // RowKeys sort by not-before time within a priority, so the first page holds the earliest pointers.
            var page = await Table.QueryPartitionAsync(OutboxRow.Partition, RowKeyRange.Prefix(OutboxRow.DuePrefixOf(priority)), PageSize, null, cancellationToken);
            var dueHere = 0;
            var oldestWait = TimeSpan.Zero;
            foreach (var pointer in page.Items)
            {
                var notBefore = pointer.NotBefore ?? now;
                if (notBefore <= now)
                {
                    due.Add(pointer);
                    if (dueHere++ == 0) oldestWait = now - notBefore;
                    continue;
                }
                if (nextDue is null || notBefore < nextDue) nextDue = notBefore;
                break;
            }
            // The gauges read this: the depth and the oldest wait cost no query of their own.
            SmsMetrics.ObserveOutbox(priority, dueHere, oldestWait);
        }
        return (due, nextDue);
    }

    private async Task ProcessAsync(OutboxRow pointer, IMessageTransport? transport, string sender, CancellationToken cancellationToken)
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

        _pacer.Take(sender, segments);
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

        SmsMetrics.SendAttempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome.Kind.ToString()));
        if (outcome.Kind != SendOutcomeKind.Accepted) SmsMetrics.RecordFailure(outcome.ErrorCode, outcome.Kind.ToString(), "send");
        LogOutcome(id, priority, segments, row.Attempts.Value, outcome.Kind.ToString(), outcome.ErrorCode);
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

    [LoggerMessage(EventId = 7327, Level = LogLevel.Error, Message = "Recipient status sink failed for outbox message {OutboxMessageId}.")]
    private partial void LogSinkFailed(Exception exception, string outboxMessageId);
}
