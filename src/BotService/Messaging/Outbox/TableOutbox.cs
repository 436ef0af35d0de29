using BotService.Privacy;
using BotService.Storage;

namespace BotService.Messaging.Outbox;

/// <summary>
/// <see cref="IOutbox"/> on the table store. Enqueue writes the message, its dedupe marker and its queue pointer in one
/// batch, so a message is either fully queued or not at all, and a repeated dedupe key fails the whole batch.
/// </summary>
public sealed partial class TableOutbox : IOutbox
{
    private readonly KeyedHasher _hasher;
    private readonly FieldEncryptor _encryptor;
    private readonly TimeProvider _time;
    private readonly OutboxSignal _signal;
    private readonly IRecipientStatusSink _sink;
    private readonly ILogger<TableOutbox> _logger;

    public TableOutbox(ITableStore store, KeyedHasher hasher, FieldEncryptor encryptor, TimeProvider time, OutboxSignal signal,
        IRecipientStatusSink sink, ILogger<TableOutbox> logger)
    {
        Table = store.GetTable<OutboxRow>(OutboxRow.TableName);
        _hasher = hasher;
        _encryptor = encryptor;
        _time = time;
        _signal = signal;
        _sink = sink;
        _logger = logger;
    }

    internal ITable<OutboxRow> Table { get; }
    internal FieldEncryptor Encryptor => _encryptor;

    public async Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Channel);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.DedupeKey);
        if (string.IsNullOrEmpty(message.Body)) throw new ArgumentException("An outbound message needs a body.", nameof(message));
        var recipient = message.RecipientAddress;
        if (string.IsNullOrWhiteSpace(recipient)) throw new ArgumentException("An outbound message needs a recipient.", nameof(message));
        // One spelling per phone, or Twilio's opt-out list and ours would disagree about who someone is.
        if (message.Channel == ChannelNames.Sms) recipient = PhoneNumber.Normalize(recipient);

        var id = Guid.NewGuid().ToString("N");
        var now = _time.GetUtcNow();
        var segments = SmsSegments.Count(message.Body).Segments;
        var dueKey = OutboxRow.DueKeyOf(message.Priority, MonotonicTicks(now), id);

        var row = OutboxRow.New(OutboxRow.MessageKey(id));
        row.MessageId = id;
        row.Channel = message.Channel;
        row.Priority = message.Priority;
        row.Status = OutboxStatus.Queued;
        row.RecipientCipher = _encryptor.Encrypt(recipient);
        row.BodyCipher = _encryptor.Encrypt(message.Body);
        row.MemberKey = message.MemberKey;
        row.IsTurnReply = message.IsTurnReply ? true : null;
        row.CancelTag = message.CancelTag;
        row.Segments = segments;
        row.RecipientBucket = RecipientBucket.Of(_hasher, recipient);
        row.Attempts = 0;
        row.NotBefore = now;
        row.DueKey = dueKey;
        row.CreatedAt = now;
        row.UpdatedAt = now;

        var dedupe = OutboxRow.New(OutboxRow.DedupeKeyOf(_hasher.Hash("outbox-dedupe", message.DedupeKey)));
        dedupe.MessageId = id;
        dedupe.CreatedAt = now;

        var pointer = NewPointer(row, dueKey, now);
        try
        {
            await Table.SubmitBatchAsync([TableOperation<OutboxRow>.Insert(row), TableOperation<OutboxRow>.Insert(dedupe), TableOperation<OutboxRow>.Insert(pointer)], cancellationToken);
        }
        catch (TableBatchException ex) when (ex.FailedIndex == 1 && ex.InnerException is EntityAlreadyExistsException)
        {
            LogDuplicate(message.Priority);
            return false;
        }
        LogEnqueued(id, message.Priority, segments);
        _signal.Wake();
        return true;
    }

    public async Task<int> CancelQueuedAsync(string cancelTag, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(cancelTag);
        // Pointers carry the tag, so only queued messages are looked at, not the whole history.
        var ids = new List<string>();
        await foreach (var pointer in Table.QueryPartitionAllAsync(OutboxRow.Partition, RowKeyRange.Prefix(OutboxRow.DuePrefix), cancellationToken))
            if (pointer.CancelTag == cancelTag && pointer.MessageId is { } id) ids.Add(id);
        var cancelled = 0;
        foreach (var id in ids)
            if (await Table.GetAsync(OutboxRow.Partition, OutboxRow.MessageKey(id), cancellationToken) is { } row
                && await WithholdAsync(row, "cancelled before it was sent", cancellationToken)) cancelled++;
        if (cancelled > 0) LogCancelled(cancelled);
        return cancelled;
    }

    /// <summary>
    /// DELETE MY DATA for the outbox: her queued messages are withdrawn, and every row that still links to her (the
    /// recipient of a sent message, its provider-SID and dedupe markers) loses that link or goes.
    /// </summary>
    public async Task EraseMemberAsync(string memberKey, Func<string, string, bool> isHerAddress, CancellationToken cancellationToken)
    {
        var hers = new HashSet<string>(StringComparer.Ordinal);
        var markers = new List<OutboxRow>();
        await foreach (var row in Table.QueryPartitionAllAsync(OutboxRow.Partition, cancellationToken: cancellationToken))
        {
            if (!row.RowKey.StartsWith("msg-", StringComparison.Ordinal))
            {
                if (row.RowKey.StartsWith("sid-", StringComparison.Ordinal) || row.RowKey.StartsWith("dedupe-", StringComparison.Ordinal)) markers.Add(row);
                continue;
            }
            // Rows queued without a member key are checked by their recipient; a row for someone else never is hers.
            var isHers = row.MemberKey == memberKey || row.CancelTag == OutboundMessage.ConcerningMember(memberKey)
                || (row.MemberKey is null && RecipientIs(row, isHerAddress));
            if (!isHers) continue;
            hers.Add(row.MessageId!);
            if (row.Status is null or OutboxStatus.Queued or OutboxStatus.Sending)
            {
                await WithholdAsync(row, "cancelled: the member deleted her data", cancellationToken);
                continue;
            }
            for (var attempt = 0; attempt < 5; attempt++)
            {
                var current = attempt == 0 ? row : await Table.GetAsync(row.PartitionKey, row.RowKey, cancellationToken);
                if (current is null) break;
                current.RecipientCipher = null;
                current.BodyCipher = null;
                current.MemberKey = null;
                current.CancelTag = null;
                try { await Table.ReplaceAsync(current, current.ETag, cancellationToken); break; }
                catch (EntityConcurrencyException) { }
            }
        }
        foreach (var marker in markers)
            if (marker.MessageId is { } id && hers.Contains(id))
                await Table.DeleteAsync(marker.PartitionKey, marker.RowKey, cancellationToken: cancellationToken);
    }

    private bool RecipientIs(OutboxRow row, Func<string, string, bool> isHerAddress)
    {
        if (row.RecipientCipher is null || row.Channel is null) return false;
        try { return isHerAddress(row.Channel, _encryptor.Decrypt(row.RecipientCipher)); }
        catch (System.Security.Cryptography.CryptographicException) { return false; }
    }

    /// <summary>Marks a queued message Withheld, drops its queue pointer and wipes what it would have said and to whom.
    /// False when it had already left (or someone else finished it).</summary>
    internal async Task<bool> WithholdAsync(OutboxRow row, string reason, CancellationToken ct)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = attempt == 0 ? row : await Table.GetAsync(row.PartitionKey, row.RowKey, ct);
            if (current is null || current.Status is not (null or OutboxStatus.Queued or OutboxStatus.Sending)) return false;
            // A message being sent right now cannot be recalled; wait for its lease rather than race the provider.
            if (current.Status == OutboxStatus.Sending && current.LeaseUntil > _time.GetUtcNow()) return false;
            var pointerKey = current.DueKey;
            current.Status = OutboxStatus.Withheld;
            current.FailureReason = reason;
            current.BodyCipher = null;
            current.RecipientCipher = null;
            current.MemberKey = null;
            current.CancelTag = null;
            current.LeaseUntil = null;
            current.NotBefore = null;
            current.DueKey = null;
            current.UpdatedAt = _time.GetUtcNow();
            try
            {
                await Table.ReplaceAsync(current, current.ETag, ct);
            }
            catch (EntityConcurrencyException)
            {
                continue;
            }
            // The pointer alone is harmless (the dispatcher drops pointers whose message moved on), but tidy it.
            if (pointerKey is not null) await Table.DeleteAsync(OutboxRow.Partition, pointerKey, cancellationToken: ct);
            return true;
        }
        return false;
    }

    private long _lastTicks;

    /// <summary>Queue position: the enqueue time, nudged by a tick when two enqueues share one, so messages of equal
    /// priority leave in the order they were enqueued rather than by random id.</summary>
    private DateTimeOffset MonotonicTicks(DateTimeOffset now)
    {
        while (true)
        {
            var last = Interlocked.Read(ref _lastTicks);
            var ticks = Math.Max(now.UtcTicks, last + 1);
            if (Interlocked.CompareExchange(ref _lastTicks, ticks, last) == last) return new DateTimeOffset(ticks, TimeSpan.Zero);
        }
    }

    internal static OutboxRow NewPointer(OutboxRow message, string dueKey, DateTimeOffset notBefore)
    {
        var pointer = OutboxRow.New(dueKey);
        pointer.MessageId = message.MessageId;
        pointer.Channel = message.Channel;
        pointer.Priority = message.Priority;
        pointer.Segments = message.Segments;
        pointer.RecipientBucket = message.RecipientBucket;
        pointer.CancelTag = message.CancelTag;
        pointer.NotBefore = notBefore;
        return pointer;
    }

    /// <summary>
    /// Applies a provider's delivery status. Callbacks arrive out of order and more than once, so a status only ever
    /// moves forward; a final status (delivered, undelivered, failed) is never replaced.
    /// </summary>
    public async Task<ProviderStatusResult> ApplyProviderStatusAsync(string providerSid, string providerStatus, string? errorCode, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(providerSid) || !IsKeySafe(providerSid)) return ProviderStatusResult.UnknownSid;
        var index = await Table.GetAsync(OutboxRow.Partition, OutboxRow.SidKey(providerSid), cancellationToken);
        if (index?.MessageId is null) return ProviderStatusResult.UnknownSid;
        if (MapProviderStatus(providerStatus) is not { } status) return ProviderStatusResult.Ignored;

        for (var attempt = 0; ; attempt++)
        {
            var row = await Table.GetAsync(OutboxRow.Partition, OutboxRow.MessageKey(index.MessageId), cancellationToken);
            if (row is null) return ProviderStatusResult.UnknownSid;
            var current = row.Status ?? OutboxStatus.Queued;
            if (OutboxStatuses.Rank(status) <= OutboxStatuses.Rank(current)) return ProviderStatusResult.Ignored;

            row.Status = status;
            row.UpdatedAt = _time.GetUtcNow();
            if (status is OutboxStatus.Failed or OutboxStatus.Undelivered)
            {
                row.ErrorCode = string.IsNullOrWhiteSpace(errorCode) ? null : errorCode;
                row.FailureReason = "provider reported " + providerStatus.ToLowerInvariant();
            }
            try
            {
                await Table.ReplaceAsync(row, row.ETag, cancellationToken);
            }
            catch (EntityConcurrencyException) when (attempt < 3)
            {
                continue;
            }
            LogStatus(row.MessageId ?? "", status, row.ErrorCode);
            if (status is OutboxStatus.Failed or OutboxStatus.Undelivered)
            {
                SmsMetrics.RecordFailure(errorCode, status.ToString(), "status");
                await NotifySinkAsync(row, errorCode, cancellationToken);
            }
            return ProviderStatusResult.Updated;
        }
    }

    private async Task NotifySinkAsync(OutboxRow row, string? errorCode, CancellationToken cancellationToken)
    {
        if (row.RecipientCipher is null || row.Channel is null || !int.TryParse(errorCode, out var code)) return;
        var kind = ProviderErrorCodes.Classify(code);
        if (kind is null) return;
        var recipient = _encryptor.Decrypt(row.RecipientCipher);
        try
        {
            if (kind == SendOutcomeKind.RecipientOptedOut) await _sink.RecipientOptedOutAsync(row.Channel, recipient, cancellationToken);
            else await _sink.RecipientUnreachableAsync(row.Channel, recipient, errorCode, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogSinkFailed(ex, row.MessageId ?? "");
        }
    }

    internal static OutboxStatus? MapProviderStatus(string? status) => status?.ToLowerInvariant() switch
    {
        "sent" => OutboxStatus.Sent,
        "delivered" or "read" => OutboxStatus.Delivered,
        "undelivered" => OutboxStatus.Undelivered,
        "failed" or "canceled" => OutboxStatus.Failed,
        // queued, accepted, scheduled, sending: Twilio still holds it; our Sent already says as much.
        _ => null,
    };

    internal static bool IsKeySafe(string value) => value.Length <= 64 && value.All(char.IsAsciiLetterOrDigit);

    [LoggerMessage(EventId = 7310, Level = LogLevel.Information, Message = "Outbox message {OutboxMessageId} queued (priority {Priority}, {Segments} segments).")]
    private partial void LogEnqueued(string outboxMessageId, MessagePriority priority, int segments);

    [LoggerMessage(EventId = 7311, Level = LogLevel.Information, Message = "Outbox enqueue ignored: dedupe key already used (priority {Priority}).")]
    private partial void LogDuplicate(MessagePriority priority);

    [LoggerMessage(EventId = 7312, Level = LogLevel.Information, Message = "Outbox message {OutboxMessageId} now {Status} per provider (error code {ErrorCode}).")]
    private partial void LogStatus(string outboxMessageId, OutboxStatus status, string? errorCode);

    [LoggerMessage(EventId = 7314, Level = LogLevel.Information, Message = "Outbox: {Count} queued message(s) withdrawn before sending.")]
    private partial void LogCancelled(int count);

    [LoggerMessage(EventId = 7313, Level = LogLevel.Error, Message = "Recipient status sink failed for outbox message {OutboxMessageId}.")]
    private partial void LogSinkFailed(Exception exception, string outboxMessageId);
}
