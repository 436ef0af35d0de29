using System.Globalization;
using System.Runtime.CompilerServices;
using BotService.Members;
using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// Keeps the due-time index (table <c>checkinschedule</c>, see <see cref="CheckInIndexRow"/>) right: one due row per
/// member plus her pointer row.
/// <para>A move writes in this order: (1) upsert the new due row, (2) replace the pointer, ETag-guarded, (3) delete
/// the old due row. The pointer is the truth: a crash after (1) leaves a row the pointer does not name, which the
/// scheduler deletes when it reads it; a crash after (2) leaves the old row, equally stale. Two writers racing (the
/// scheduler and a profile change on another instance) cannot both win step (2); the loser re-reads.
/// <see cref="PlanManyAsync"/> keeps the same order for many members at once, 100 rows to a batch.</para>
/// </summary>
public sealed partial class CheckInIndex(ITableStore store, TimeProvider time, ILogger<CheckInIndex> logger) : IMemberScheduleListener
{
    private readonly ITable<CheckInIndexRow> _rows = store.GetTable<CheckInIndexRow>(CheckInIndexRow.TableName);
    private readonly ITable<CheckInPointerRow> _pointers = store.GetTable<CheckInPointerRow>(CheckInIndexRow.TableName);

    /// <summary>A schedule entry to write: which step, for which local date, due when (and first due when, if it was
    /// moved on because the senders were full).</summary>
    public readonly record struct Entry(CheckInStep Step, string LocalDate, DateTimeOffset DueAt, DateTimeOffset? FirstDueAt = null);

    public Task<CheckInPointerRow?> GetPointerAsync(string memberKey, CancellationToken cancellationToken) =>
        _pointers.GetAsync(CheckInPointerRow.PartitionFor(memberKey), memberKey, cancellationToken);

    /// <summary>Every due row from minute <paramref name="from"/> to minute <paramref name="to"/> (inclusive, one UTC
    /// day): one range query per shard, whatever the span. <paramref name="queries"/> counts the pages read.</summary>
    public async Task<List<CheckInIndexRow>> ReadRangeAsync(DateTimeOffset from, DateTimeOffset to, StrongBox<int> queries, CancellationToken cancellationToken)
    {
        if (from.UtcDateTime.Date != to.UtcDateTime.Date) throw new ArgumentException("A range read stays within one UTC day.", nameof(to));
        var range = CheckInIndexRow.RangeFor(from, to);
        var rows = new List<CheckInIndexRow>();
        for (var shard = 0; shard < CheckInIndexRow.Shards; shard++)
        {
            var partition = CheckInIndexRow.PartitionFor(from, shard);
            string? token = null;
            do
            {
                var page = await _rows.QueryPartitionAsync(partition, range, 1000, token, cancellationToken);
                queries.Value++;
                rows.AddRange(page.Items);
                token = page.ContinuationToken;
            } while (token is not null);
        }
        return rows;
    }

    public Task DeleteRowAsync(string bucket, string memberKey, CancellationToken cancellationToken)
    {
        var (pk, rk) = CheckInIndexRow.KeysFor(bucket, memberKey);
        return _rows.DeleteAsync(pk, rk, cancellationToken: cancellationToken);
    }

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
            await _rows.UpsertAsync(CheckInIndexRow.For(newBucket, memberKey, entry!.Value.DueAt, entry.Value.FirstDueAt), cancellationToken);

        var pointer = PointerFor(memberKey, entry, newBucket, signature, lastPromptDate);
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

        if (current?.Bucket is { } oldBucket && oldBucket != newBucket) await DeleteRowAsync(oldBucket, memberKey, cancellationToken);
        return true;
    }

    private static CheckInPointerRow PointerFor(string memberKey, Entry? entry, string? bucket, string signature, string? lastPromptDate) => new()
    {
        PartitionKey = CheckInPointerRow.PartitionFor(memberKey),
        RowKey = memberKey,
        MemberKey = memberKey,
        Bucket = bucket,
        Step = entry?.Step ?? CheckInStep.Prompt,
        LocalDate = entry?.LocalDate,
        DueAt = entry?.DueAt,
        FirstDueAt = entry?.FirstDueAt,
        Signature = signature,
        LastPromptDate = lastPromptDate,
    };

    /// <summary>Removes her index row and pointer (her profile is gone).</summary>
    public async Task RemoveAsync(string memberKey, CancellationToken cancellationToken)
    {
        var pointer = await GetPointerAsync(memberKey, cancellationToken);
        if (pointer is null) return;
        if (pointer.Bucket is { } bucket) await DeleteRowAsync(bucket, memberKey, cancellationToken);
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
        throw new EntityConcurrencyException(CheckInIndexRow.TableName, CheckInPointerRow.PartitionFor(profile.MemberKey), profile.MemberKey);
    }

    /// <summary>What <see cref="PlanManyAsync"/> did: members moved by batch, left as they were (unchanged schedule),
    /// redone one by one after a batch met a concurrent change, and the batches sent.</summary>
    public sealed record PlanManyResult(int Planned, int Unchanged, int OneByOne, int Batches);

    /// <summary>
    /// Plans many members at once (a bulk import, or a rebuild of the index from the profiles): per pointer shard one
    /// partition read finds the current pointers, then the new due rows, the pointers and the old rows' deletes go in
    /// batches of up to 100 per partition, in the order of a single move (so a crash midway leaves only stale rows).
    /// A pointer batch that meets a concurrent change (her profile saved meanwhile) is redone member by member through
    /// <see cref="MemberScheduleChangedAsync"/>. The same outcome as calling that for each member, at about 1/50 of
    /// the round trips.
    /// </summary>
    public async Task<PlanManyResult> PlanManyAsync(IEnumerable<MemberProfile> profiles, CancellationToken cancellationToken, int parallelism = 4)
    {
        var byShard = new List<MemberProfile>[CheckInIndexRow.Shards];
        for (var i = 0; i < byShard.Length; i++) byShard[i] = [];
        foreach (var profile in profiles) byShard[CheckInIndexRow.ShardOf(profile.MemberKey)].Add(profile);
        var counts = new int[4];
        await Parallel.ForEachAsync(Enumerable.Range(0, CheckInIndexRow.Shards),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (shard, ct) =>
            {
                var (planned, unchanged, oneByOne, batches) = await PlanShardAsync(shard, byShard[shard], ct);
                Interlocked.Add(ref counts[0], planned);
                Interlocked.Add(ref counts[1], unchanged);
                Interlocked.Add(ref counts[2], oneByOne);
                Interlocked.Add(ref counts[3], batches);
                // Free the shard's profiles as soon as it is done: a 100,000-member build keeps one shard's worth alive.
                byShard[shard] = [];
            });
        return new PlanManyResult(counts[0], counts[1], counts[2], counts[3]);
    }

    private async Task<(int Planned, int Unchanged, int OneByOne, int Batches)> PlanShardAsync(int shard, List<MemberProfile> profiles, CancellationToken cancellationToken)
    {
        if (profiles.Count == 0) return default;
        int planned = 0, unchanged = 0, oneByOne = 0, batches = 0;
        var current = new Dictionary<string, CheckInPointerRow>(StringComparer.Ordinal);
        if (profiles.Count <= 10)
        {
            foreach (var profile in profiles)
                if (await GetPointerAsync(profile.MemberKey, cancellationToken) is { } found) current[found.RowKey] = found;
        }
        else
        {
            await foreach (var row in _pointers.QueryPartitionAllAsync(CheckInPointerRow.PartitionForShard(shard), cancellationToken: cancellationToken))
                current[row.RowKey] = row;
        }

        var now = time.GetUtcNow();
        var moves = new List<(MemberProfile Profile, CheckInPointerRow? Current, CheckInPointerRow Next)>(profiles.Count);
        foreach (var profile in profiles)
        {
            var signature = Signature(profile);
            current.TryGetValue(profile.MemberKey, out var pointer);
            if (pointer?.Signature == signature)
            {
                unchanged++;
                continue;
            }
            Entry? entry = IsSchedulable(profile, out var zone, out var checkInTime)
                ? NextPrompt(profile, zone!, checkInTime, now, pointer?.LastPromptDate)
                : null;
            var bucket = entry is { } e ? CheckInClock.Bucket(e.DueAt) : null;
            moves.Add((profile, pointer, PointerFor(profile.MemberKey, entry, bucket, signature, pointer?.LastPromptDate)));
        }
        current.Clear();

        // Every write below goes in key order: consecutive batches then fill neighbouring pages of the store's B-tree
        // (SQLite) instead of touching a random page per row, which was most of the build's CPU.
        moves.Sort((a, b) => string.CompareOrdinal(a.Profile.MemberKey, b.Profile.MemberKey));

        // (1) The new due rows.
        foreach (var partition in moves.Where(m => m.Next.Bucket is not null)
                     .Select(m => CheckInIndexRow.For(m.Next.Bucket!, m.Profile.MemberKey, m.Next.DueAt!.Value, null))
                     .GroupBy(r => r.PartitionKey))
            foreach (var chunk in partition.OrderBy(r => r.RowKey, StringComparer.Ordinal).Chunk(TableBatchValidation.MaxOperations))
            {
                await _rows.SubmitBatchAsync(chunk.Select(TableOperation<CheckInIndexRow>.Upsert).ToList(), cancellationToken);
                batches++;
            }

        // (2) The pointers, ETag-guarded as in a single move; (3) then the rows they no longer name.
        var stale = new List<(string PartitionKey, string RowKey)>();
        foreach (var chunk in moves.Chunk(TableBatchValidation.MaxOperations))
        {
            try
            {
                await _pointers.SubmitBatchAsync(chunk.Select(m => m.Current is null
                    ? TableOperation<CheckInPointerRow>.Insert(m.Next)
                    : TableOperation<CheckInPointerRow>.Replace(m.Next, m.Current.ETag)).ToList(), cancellationToken);
                batches++;
                planned += chunk.Length;
                foreach (var m in chunk)
                    if (m.Current?.Bucket is { } old && old != m.Next.Bucket) stale.Add(CheckInIndexRow.KeysFor(old, m.Profile.MemberKey));
            }
            catch (TableBatchException)
            {
                // Someone moved one of them meanwhile: all or none, so none of this chunk was written. Redo each alone.
                foreach (var m in chunk) await MemberScheduleChangedAsync(m.Profile, cancellationToken);
                oneByOne += chunk.Length;
            }
        }
        foreach (var partition in stale.GroupBy(k => k.PartitionKey))
            foreach (var chunk in partition.OrderBy(k => k.RowKey, StringComparer.Ordinal).Chunk(TableBatchValidation.MaxOperations))
            {
                try
                {
                    await _rows.SubmitBatchAsync(chunk.Select(k => TableOperation<CheckInIndexRow>.Delete(
                        new CheckInIndexRow { PartitionKey = k.PartitionKey, RowKey = k.RowKey })).ToList(), cancellationToken);
                    batches++;
                }
                catch (TableBatchException)
                {
                    // One was already gone (the scheduler read and dropped it): delete the rest one by one.
                    foreach (var (pk, rk) in chunk) await _rows.DeleteAsync(pk, rk, cancellationToken: cancellationToken);
                }
            }
        return (planned, unchanged, oneByOne, batches);
    }

    public Task MemberRemovedAsync(string memberKey, CancellationToken cancellationToken) => RemoveAsync(memberKey, cancellationToken);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Debug, Message = "Member {MemberKey} has no check-in scheduled (inactive or no time/zone)")]
    private partial void LogUnscheduled(string memberKey);
}
