using Azure;
using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>Escalation rows, their index rows and their event history. Every change to a row is ETag-guarded.</summary>
public sealed class EscalationStore(ITableStore store)
{
    private const int MaxAttempts = 20;
    private static long _eventSequence;
    private readonly ITable<EscalationRecord> _escalations = store.GetTable<EscalationRecord>(EscalationRecord.TableName);
    private readonly ITable<EscalationEvent> _events = store.GetTable<EscalationEvent>(EscalationEvent.TableName);
    private readonly ITable<EscalationIndexEntry> _index = store.GetTable<EscalationIndexEntry>(EscalationIndexEntry.TableName);

    public Task<EscalationRecord?> GetAsync(string code, CancellationToken ct) => _escalations.GetAsync(EscalationRecord.Partition, code, ct);

    /// <summary>Inserts under a fresh code; a code collision just draws another.</summary>
    public async Task<EscalationRecord> InsertNewAsync(EscalationRecord record, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            record.PartitionKey = EscalationRecord.Partition;
            record.Code = EscalationCode.New();
            try
            {
                await _escalations.InsertAsync(record, ct);
                return record;
            }
            catch (EntityAlreadyExistsException) when (attempt < MaxAttempts) { }
        }
    }

    /// <summary>Conditional replace; throws <see cref="EntityConcurrencyException"/> when someone else wrote first.</summary>
    public Task<ETag> ReplaceAsync(EscalationRecord record, CancellationToken ct) => _escalations.ReplaceAsync(record, record.ETag, ct);

    /// <summary>Read, change, conditional write, retried on conflict. <paramref name="change"/> returns false to leave
    /// the row as it is (the state it expected is gone). Returns the written row, or null when nothing was written.</summary>
    public async Task<EscalationRecord?> UpdateAsync(string code, Func<EscalationRecord, bool> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var record = await GetAsync(code, ct);
            if (record is null || !change(record)) return null;
            try
            {
                await _escalations.ReplaceAsync(record, record.ETag, ct);
                return record;
            }
            catch (EntityConcurrencyException) when (attempt < MaxAttempts) { }
        }
    }

    public Task DeleteAsync(string code, CancellationToken ct) => _escalations.DeleteAsync(EscalationRecord.Partition, code, cancellationToken: ct);

    public async Task<IReadOnlyList<EscalationRecord>> AllAsync(CancellationToken ct)
    {
        var list = new List<EscalationRecord>();
        await foreach (var r in _escalations.QueryPartitionAllAsync(EscalationRecord.Partition, cancellationToken: ct)) list.Add(r);
        return list;
    }

    /// <summary>Every escalation not closed, through the "open" index partition.</summary>
    public async Task<IReadOnlyList<EscalationRecord>> NotClosedAsync(CancellationToken ct)
    {
        var list = new List<EscalationRecord>();
        await foreach (var entry in _index.QueryPartitionAllAsync(EscalationIndexEntry.OpenPartition, cancellationToken: ct))
        {
            var record = await GetAsync(entry.Code, ct);
            if (record is { Status: not EscalationStatus.Closed }) list.Add(record);
        }
        return list;
    }

    public Task RemoveMemberSlotAsync(string memberKey, CancellationToken ct) =>
        _index.DeleteAsync(EscalationIndexEntry.MemberPartition(memberKey), EscalationIndexEntry.MemberOpenRow, cancellationToken: ct);

    public async Task<string?> MemberOpenCodeAsync(string memberKey, CancellationToken ct) =>
        (await _index.GetAsync(EscalationIndexEntry.MemberPartition(memberKey), EscalationIndexEntry.MemberOpenRow, ct))?.Code;

    /// <summary>Claims her "one open escalation" slot; false when another message already holds it.</summary>
    public async Task<bool> TryTakeMemberSlotAsync(string memberKey, string code, CancellationToken ct)
    {
        try
        {
            await _index.InsertAsync(new EscalationIndexEntry { PartitionKey = EscalationIndexEntry.MemberPartition(memberKey), RowKey = EscalationIndexEntry.MemberOpenRow, Code = code }, ct);
            return true;
        }
        catch (EntityAlreadyExistsException) { return false; }
    }

    public Task AddOpenAsync(string code, CancellationToken ct) =>
        _index.UpsertAsync(new EscalationIndexEntry { PartitionKey = EscalationIndexEntry.OpenPartition, RowKey = code, Code = code }, ct);

    public Task AddVolunteerCaseAsync(string volunteerId, string code, CancellationToken ct) =>
        _index.UpsertAsync(new EscalationIndexEntry { PartitionKey = EscalationIndexEntry.VolunteerPartition(volunteerId), RowKey = code, Code = code }, ct);

    public Task RemoveVolunteerCaseAsync(string volunteerId, string code, CancellationToken ct) =>
        _index.DeleteAsync(EscalationIndexEntry.VolunteerPartition(volunteerId), code, cancellationToken: ct);

    public async Task<IReadOnlyList<string>> VolunteerCasesAsync(string volunteerId, CancellationToken ct)
    {
        var codes = new List<string>();
        await foreach (var e in _index.QueryPartitionAllAsync(EscalationIndexEntry.VolunteerPartition(volunteerId), cancellationToken: ct)) codes.Add(e.Code);
        return codes;
    }

    /// <summary>Drops every pointer to a closed escalation.</summary>
    public async Task RemoveIndexesAsync(EscalationRecord record, string? volunteerId, CancellationToken ct)
    {
        var member = await _index.GetAsync(EscalationIndexEntry.MemberPartition(record.MemberKey), EscalationIndexEntry.MemberOpenRow, ct);
        if (member?.Code == record.Code)
            await _index.DeleteAsync(member.PartitionKey, member.RowKey, member.ETag, ct);
        await _index.DeleteAsync(EscalationIndexEntry.OpenPartition, record.Code, cancellationToken: ct);
        if (volunteerId is not null) await RemoveVolunteerCaseAsync(volunteerId, record.Code, ct);
    }

    public Task AddEventAsync(string code, EscalationEventKind kind, DateTimeOffset at, string? volunteerId, string? detail, CancellationToken ct) =>
        _events.InsertAsync(new EscalationEvent
        {
            PartitionKey = code,
            // Time first so the partition reads in order; the process-wide sequence orders events of the same instant,
            // and the random tail keeps two instances' events apart.
            RowKey = $"{at.UtcTicks:D19}-{Interlocked.Increment(ref _eventSequence):D12}-{Guid.NewGuid():N}",
            Kind = kind, At = at, VolunteerId = volunteerId, Detail = detail,
        }, ct);

    public async Task<IReadOnlyList<EscalationEvent>> EventsAsync(string code, CancellationToken ct)
    {
        var list = new List<EscalationEvent>();
        await foreach (var e in _events.QueryPartitionAllAsync(code, cancellationToken: ct)) list.Add(e);
        return list;
    }
}
