using BotService.CheckIns;
using BotService.Messaging.Outbox;
using BotService.Storage;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.Retention;

/// <summary>
/// One retention pass over the outbox (final messages, dedupe markers, provider-SID index rows), the check-in ledger
/// (found by its date index) and closed escalations (with their events and index rows). Each table is read at most <see cref="RetentionOptions.PageLimit"/>
/// rows per pass, resuming after the last RowKey the previous pass read, so a large backlog is worked off over several
/// passes and never stalls the process. Deletes within the one outbox partition go in batches. Processed-message
/// records have their own purge (<see cref="Channels.Twilio.ProcessedMessagesCleanup"/>, <c>Sms:ProcessedRetention</c>).
/// </summary>
public sealed partial class RetentionPurger(ITableStore store, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionPurger> logger)
{
    /// <summary>The storage contract's batch limit (one partition, at most 100 operations).</summary>
    private const int BatchSize = 100;
    private const int QueryPage = 100;

    /// <summary>How many days before the ledger cut-off each pass looks (a host down for months, rows from before the
    /// date index existed are not found).</summary>
    public const int LedgerLookbackDays = 120;

    private readonly ITable<OutboxRow> _outbox = store.GetTable<OutboxRow>(OutboxRow.TableName);
    private readonly ITable<CheckInLedgerRow> _ledger = store.GetTable<CheckInLedgerRow>(CheckInLedgerRow.TableName);
    private readonly ITable<CheckInLedgerDateRow> _ledgerDates = store.GetTable<CheckInLedgerDateRow>(CheckInLedgerDateRow.TableName);
    private readonly ITable<EscalationRecord> _escalations = store.GetTable<EscalationRecord>(EscalationRecord.TableName);
    private readonly ITable<EscalationEvent> _events = store.GetTable<EscalationEvent>(EscalationEvent.TableName);
    private readonly ITable<EscalationIndexEntry> _index = store.GetTable<EscalationIndexEntry>(EscalationIndexEntry.TableName);

    // Where the next pass resumes (exclusive); null = from the start. In memory: a restart only re-reads rows.
    private string? _outboxCursor;
    private string? _escalationCursor;

    /// <summary>One pass. A storage fault in one table is logged (type only, never a row) and the others still run;
    /// the cursor of the failed table stays where it was, so the next pass retries.</summary>
    public async Task<RetentionPassResult> RunPassAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var outbox = (Messages: 0, Markers: 0, Sids: 0, Complete: false);
        try
        {
            outbox = await PurgeOutboxAsync(now - TimeSpan.FromDays(settings.OutboxDays), now - TimeSpan.FromDays(settings.SidIndexDays), settings.PageLimit, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(OutboxRow.TableName, e.GetType().Name);
        }
        var ledger = (Deleted: 0, Complete: false);
        try
        {
            // A day of slack: her local date can be a day ahead of UTC.
            var cutoff = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-settings.LedgerDays - 1);
            ledger = await PurgeLedgerAsync(cutoff, settings.PageLimit, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(CheckInLedgerRow.TableName, e.GetType().Name);
        }
        var escalations = (Deleted: 0, Complete: false);
        try
        {
            escalations = await PurgeClosedEscalationsAsync(now - TimeSpan.FromDays(settings.ClosedEscalationDays), settings.PageLimit, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed(EscalationRecord.TableName, e.GetType().Name);
        }
        var result = new RetentionPassResult(outbox.Messages, outbox.Markers, outbox.Sids, ledger.Deleted, escalations.Deleted,
            outbox.Complete, ledger.Complete, escalations.Complete);
        if (result.Total > 0) LogPurged(result.OutboxMessages, result.OutboxMarkers, result.SidIndexRows, result.LedgerRows, result.ClosedEscalations);
        return result;
    }

    private async Task<(int Messages, int Markers, int Sids, bool Complete)> PurgeOutboxAsync(
        DateTimeOffset outboxCutoff, DateTimeOffset sidCutoff, int limit, CancellationToken ct)
    {
        var doomed = new List<OutboxRow>();
        var read = 0;
        var complete = false;
        var cursor = _outboxCursor;
        while (read < limit)
        {
            var (items, end) = await NextPageAsync(_outbox, OutboxRow.Partition, cursor, Math.Min(QueryPage, limit - read), ct);
            foreach (var row in items)
            {
                read++;
                if (Classify(row, outboxCutoff, sidCutoff) != OutboxKind.Keep) doomed.Add(row);
            }
            if (items.Count > 0) cursor = items[^1].RowKey;
            if (end) complete = true;
            if (end || items.Count == 0) break;
        }
        // A row changed since it was read (a late status callback) fails its ETag and stays until a later pass.
        var deleted = await DeleteInBatchesAsync(_outbox, doomed, ct);
        // Only now: a fault above leaves the cursor where it was, so the next pass reads these rows again.
        _outboxCursor = complete ? null : cursor;
        return (deleted.Count(r => Classify(r, outboxCutoff, sidCutoff) == OutboxKind.Message),
            deleted.Count(r => Classify(r, outboxCutoff, sidCutoff) == OutboxKind.Marker),
            deleted.Count(r => Classify(r, outboxCutoff, sidCutoff) == OutboxKind.Sid), complete);
    }

    private enum OutboxKind { Keep, Message, Marker, Sid }

    private static OutboxKind Classify(OutboxRow row, DateTimeOffset outboxCutoff, DateTimeOffset sidCutoff)
    {
        var key = row.RowKey;
        if (key.StartsWith("msg-", StringComparison.Ordinal))
        {
            // Only a message that has left for good: Sent or beyond. Queued and Sending (leased) rows are never touched.
            if (row.Status is not { } status || OutboxStatuses.Rank(status) < OutboxStatuses.Rank(OutboxStatus.Sent)) return OutboxKind.Keep;
            var changed = row.UpdatedAt ?? row.CreatedAt;
            return changed is { } at && at < outboxCutoff ? OutboxKind.Message : OutboxKind.Keep;
        }
        if (key.StartsWith("dedupe-", StringComparison.Ordinal))
            return row.CreatedAt is { } at && at < outboxCutoff ? OutboxKind.Marker : OutboxKind.Keep;
        if (key.StartsWith("sid-", StringComparison.Ordinal))
            return row.CreatedAt is { } at && at < sidCutoff ? OutboxKind.Sid : OutboxKind.Keep;
        return OutboxKind.Keep; // due- pointers belong to the dispatcher
    }

    /// <summary>Deletes (ETag-guarded) in batches of one partition; a batch that fails (a row changed or is gone) is
    /// retried one row at a time so the rest still go. Returns the rows deleted.</summary>
    private static async Task<List<T>> DeleteInBatchesAsync<T>(ITable<T> table, IReadOnlyList<T> rows, CancellationToken ct) where T : class, ITableEntity, new()
    {
        var deleted = new List<T>();
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
        foreach (var chunk in partition.Chunk(BatchSize))
        {
            try
            {
                await table.SubmitBatchAsync(chunk.Select(r => TableOperation<T>.Delete(r, r.ETag)).ToList(), ct);
                deleted.AddRange(chunk);
            }
            catch (TableBatchException)
            {
                foreach (var row in chunk)
                {
                    try { if (await table.DeleteAsync(row.PartitionKey, row.RowKey, row.ETag, ct)) deleted.Add(row); }
                    catch (EntityConcurrencyException) { }
                }
            }
        }
        return deleted;
    }

    /// <summary>Ledger rows dated before <paramref name="cutoff"/>, oldest day first, through the date index: the
    /// ledger row goes first, then its index row, so a fault half way leaves the index row for the next pass.</summary>
    private async Task<(int Deleted, bool Complete)> PurgeLedgerAsync(DateOnly cutoff, int limit, CancellationToken ct)
    {
        var deleted = 0;
        var read = 0;
        for (var day = cutoff.AddDays(-LedgerLookbackDays); day < cutoff; day = day.AddDays(1))
        {
            var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            while (true)
            {
                if (read >= limit) return (deleted, false);
                var page = await _ledgerDates.QueryPartitionAsync(date, null, Math.Min(QueryPage, limit - read), null, ct);
                if (page.Items.Count == 0) break;
                read += page.Items.Count;
                foreach (var entry in page.Items)
                    if (await _ledger.DeleteAsync(entry.RowKey, date, cancellationToken: ct)) deleted++;
                await DeleteInBatchesAsync(_ledgerDates, page.Items, ct);
            }
        }
        return (deleted, true);
    }

    private async Task<(int Deleted, bool Complete)> PurgeClosedEscalationsAsync(DateTimeOffset cutoff, int limit, CancellationToken ct)
    {
        var deleted = 0;
        var read = 0;
        while (read < limit)
        {
            var (items, end) = await NextPageAsync(_escalations, EscalationRecord.Partition, _escalationCursor, Math.Min(QueryPage, limit - read), ct);
            foreach (var record in items)
            {
                read++;
                if (record.Status == EscalationStatus.Closed && record.ClosedAt is { } closed && closed < cutoff && await DeleteEscalationAsync(record, ct))
                    deleted++;
                _escalationCursor = record.RowKey;
            }
            if (end)
            {
                _escalationCursor = null;
                return (deleted, true);
            }
            if (items.Count == 0) break;
        }
        return (deleted, false);
    }

    /// <summary>Up to <paramref name="size"/> rows after <paramref name="cursor"/> (exclusive) in RowKey order, and
    /// whether they reach the end of the partition. The range starts at the cursor itself and drops it, so no key is
    /// made up (a storage service need not accept any character after the cursor).</summary>
    private static async Task<(List<T> Items, bool End)> NextPageAsync<T>(ITable<T> table, string partition, string? cursor, int size, CancellationToken ct)
        where T : class, ITableEntity, new()
    {
        var request = cursor is null ? size : size + 1;
        var page = await table.QueryPartitionAsync(partition, cursor is null ? null : new RowKeyRange(cursor, null), request, null, ct);
        var items = page.Items.Where(r => !string.Equals(r.RowKey, cursor, StringComparison.Ordinal)).Take(size).ToList();
        // A short page with no continuation is the end; an empty page with one (Azure may send it) ends this pass only.
        var end = page.Items.Count < request && page.ContinuationToken is null;
        return (items, end);
    }

    /// <summary>Events and index rows first, the record last: a fault half way leaves the record, so the next pass finishes.</summary>
    private async Task<bool> DeleteEscalationAsync(EscalationRecord record, CancellationToken ct)
    {
        var code = record.Code;
        var volunteers = new HashSet<string>(StringComparer.Ordinal);
        if (record.ClaimedBy is { } holder) volunteers.Add(holder);
        var events = new List<EscalationEvent>();
        await foreach (var e in _events.QueryPartitionAllAsync(code, cancellationToken: ct))
        {
            events.Add(e);
            if (e.VolunteerId is { } v) volunteers.Add(v);
        }
        foreach (var volunteer in volunteers)
            await _index.DeleteAsync(EscalationIndexEntry.VolunteerPartition(volunteer), code, cancellationToken: ct);
        await _index.DeleteAsync(EscalationIndexEntry.OpenPartition, code, cancellationToken: ct);
        var slot = await _index.GetAsync(EscalationIndexEntry.MemberPartition(record.MemberKey), EscalationIndexEntry.MemberOpenRow, ct);
        if (slot?.Code == code) await _index.DeleteAsync(slot.PartitionKey, slot.RowKey, slot.ETag, ct);
        await DeleteInBatchesAsync(_events, events, ct);
        try
        {
            return await _escalations.DeleteAsync(EscalationRecord.Partition, code, record.ETag, ct);
        }
        catch (EntityConcurrencyException)
        {
            return false; // changed since it was read (an erasure, say): looked at again next pass
        }
    }

    [LoggerMessage(EventId = 7601, Level = LogLevel.Information,
        Message = "Retention pass deleted {OutboxMessages} outbox message(s), {OutboxMarkers} dedupe marker(s), {SidIndexRows} SID index row(s), {LedgerRows} check-in ledger row(s), {ClosedEscalations} closed escalation(s).")]
    private partial void LogPurged(int outboxMessages, int outboxMarkers, int sidIndexRows, int ledgerRows, int closedEscalations);

    [LoggerMessage(EventId = 7602, Level = LogLevel.Warning, Message = "Retention pass over table {Table} failed ({ExceptionType}); the next pass retries.")]
    private partial void LogFailed(string table, string exceptionType);
}
