using System.Globalization;
using BotService.Members;
using BotService.Storage;

namespace BotService.Scheduling;

/// <summary>
/// Keeps the due-time index (table <c>checkinindex</c>) right: one bucket row per member plus her pointer row.
/// <para>A move writes in this order: (1) upsert the new bucket row, (2) replace the pointer, ETag-guarded, (3) delete
/// the old bucket row. The pointer is the truth: a crash after (1) leaves a row the pointer does not name, which the
/// scheduler deletes when it reads it; a crash after (2) leaves the old row, equally stale. Two writers racing (the
/// scheduler and a profile change on another instance) cannot both win step (2); the loser re-reads.</para>
/// </summary>
public sealed partial class CheckInIndex(ITableStore store, TimeProvider time, ILogger<CheckInIndex> logger) : IMemberScheduleListener
{
    private readonly ITable<CheckInIndexRow> _rows = store.GetTable<CheckInIndexRow>(CheckInIndexRow.TableName);
    private readonly ITable<CheckInPointerRow> _pointers = store.GetTable<CheckInPointerRow>(CheckInIndexRow.TableName);

    /// <summary>A schedule entry to write: which step, for which local date, due when.</summary>
    public readonly record struct Entry(CheckInStep Step, string LocalDate, DateTimeOffset DueAt);

    public Task<CheckInPointerRow?> GetPointerAsync(string memberKey, CancellationToken cancellationToken) =>
        _pointers.GetAsync(CheckInPointerRow.PartitionFor(memberKey), CheckInPointerRow.RowKeyValue, cancellationToken);

    /// <summary>The member keys due in one bucket, in RowKey order.</summary>
    public IAsyncEnumerable<CheckInIndexRow> ReadBucketAsync(string bucket, CancellationToken cancellationToken) =>
        _rows.QueryPartitionAllAsync(bucket, cancellationToken: cancellationToken);

    public Task DeleteRowAsync(string bucket, string memberKey, CancellationToken cancellationToken) =>
        _rows.DeleteAsync(bucket, memberKey, cancellationToken: cancellationToken);

    /// <summary>The profile fields that decide when she is due; unchanged fields mean nothing to move.</summary>
    public static string Signature(MemberProfile profile) => string.Join('|',
        profile.Status.ToString(), profile.TimeZone ?? "", profile.CheckInMinuteOfDay?.ToString(CultureInfo.InvariantCulture) ?? "",
        profile.PausedUntil?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "",
        profile.SilencedUntil?.UtcTicks.ToString(CultureInfo.InvariantCulture) ?? "");

    /// <summary>True when she should be in the index at all (paused and silenced members stay in it, due after the pause).</summary>
    public static bool IsSchedulable(MemberProfile profile, out TimeZoneInfo? zone, out TimeOnly checkInTime)
    {
        zone = CheckInClock.FindZone(profile.TimeZone);
        checkInTime = profile.CheckInTime ?? default;
        return profile.Status == MemberStatus.Active && profile.CheckInTime is not null && zone is not null;
    }

    /// <summary>Her next prompt: no earlier than now's next minute (a bucket the scheduler may already have read is
    /// never written), after any pause or silence, and never a second one for a day already prompted.</summary>
    public static Entry NextPrompt(MemberProfile profile, TimeZoneInfo zone, TimeOnly checkInTime, DateTimeOffset now, string? lastPromptDate)
    {
        var notBefore = CheckInClock.FloorToMinute(now).AddMinutes(1);
        if (profile.PausedUntil is { } paused && paused > notBefore) notBefore = paused;
        if (profile.SilencedUntil is { } silenced && silenced > notBefore) notBefore = silenced;
        DateOnly? minDate = lastPromptDate is null ? null : CheckInClock.ParseDateKey(lastPromptDate).AddDays(1);
        var due = CheckInClock.NextDue(checkInTime, zone, notBefore, minDate);
        return new Entry(CheckInStep.Prompt, due.LocalDateKey, due.DueUtc);
    }

    /// <summary>Points her index at <paramref name="entry"/> (or at nothing). Returns false when the pointer changed since
    /// it was read (someone else moved her first): the caller re-reads and decides again.</summary>
    public async Task<bool> MoveAsync(string memberKey, CheckInPointerRow? current, Entry? entry, string signature,
        string? lastPromptDate, CancellationToken cancellationToken)
    {
        var newBucket = entry is { } e ? CheckInClock.Bucket(e.DueAt) : null;
        if (newBucket is not null)
            await _rows.UpsertAsync(new CheckInIndexRow { PartitionKey = newBucket, RowKey = memberKey, DueAt = entry!.Value.DueAt }, cancellationToken);

        var pointer = new CheckInPointerRow
        {
            PartitionKey = CheckInPointerRow.PartitionFor(memberKey),
            RowKey = CheckInPointerRow.RowKeyValue,
            MemberKey = memberKey,
            Bucket = newBucket,
            Step = entry?.Step ?? CheckInStep.Prompt,
            LocalDate = entry?.LocalDate,
            DueAt = entry?.DueAt,
            Signature = signature,
            LastPromptDate = lastPromptDate,
        };
        try
        {
            if (current is null) await _pointers.InsertAsync(pointer, cancellationToken);
            else await _pointers.ReplaceAsync(pointer, current.ETag, cancellationToken);
        }
        catch (Exception ex) when (ex is EntityConcurrencyException or EntityAlreadyExistsException or EntityNotFoundException)
        {
            // Lost the race. The row upserted above is harmless: the pointer does not name it, so it is dropped when read.
            return false;
        }

        if (current?.Bucket is { } oldBucket && oldBucket != newBucket)
            await _rows.DeleteAsync(oldBucket, memberKey, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Removes her index row and pointer (her profile is gone).</summary>
    public async Task RemoveAsync(string memberKey, CancellationToken cancellationToken)
    {
        var pointer = await GetPointerAsync(memberKey, cancellationToken);
        if (pointer is null) return;
        if (pointer.Bucket is { } bucket) await _rows.DeleteAsync(bucket, memberKey, cancellationToken: cancellationToken);
        await _pointers.DeleteAsync(pointer.PartitionKey, pointer.RowKey, cancellationToken: cancellationToken);
    }

    /// <summary>Re-plans her next prompt after a profile write. A write that does not touch the schedule fields (a mood
    /// answer, the missed counter) only costs one pointer read.</summary>
    public async Task MemberScheduleChangedAsync(MemberProfile profile, CancellationToken cancellationToken)
    {
        var signature = Signature(profile);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var pointer = await GetPointerAsync(profile.MemberKey, cancellationToken);
            if (pointer?.Signature == signature) return;
            Entry? entry = IsSchedulable(profile, out var zone, out var checkInTime)
                ? NextPrompt(profile, zone!, checkInTime, time.GetUtcNow(), pointer?.LastPromptDate)
                : null;
            if (await MoveAsync(profile.MemberKey, pointer, entry, signature, pointer?.LastPromptDate, cancellationToken))
            {
                if (entry is null) LogUnscheduled(profile.MemberKey);
                return;
            }
        }
        throw new EntityConcurrencyException(CheckInIndexRow.TableName, CheckInPointerRow.PartitionFor(profile.MemberKey), CheckInPointerRow.RowKeyValue);
    }

    public Task MemberRemovedAsync(string memberKey, CancellationToken cancellationToken) => RemoveAsync(memberKey, cancellationToken);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "Member {MemberKey} has no check-in scheduled (inactive or no time/zone)")]
    private partial void LogUnscheduled(string memberKey);
}
