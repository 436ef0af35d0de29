using BotService.Storage;

namespace BotService.Scheduling;

/// <summary>What a due-index entry asks the scheduler to do.</summary>
public enum CheckInStep { Prompt, Reminder }

/// <summary>
/// Table <c>checkinschedule</c>, PartitionKey = "due-{yyyyMMdd}-{shard}" (UTC day of the due minute, and one of
/// <see cref="CheckInIndexRow.Shards"/> shards by member key), RowKey = "{HHmm}-{memberKey}": "look at this member at
/// this minute". Day partitions let the scheduler read any span of minutes with one range query per shard and day
/// (catch-up after downtime reads a week in a few queries, not minute by minute); the shards spread a busy minute's
/// writes over several partitions and let the index be written in batches of 100. The member's
/// <see cref="CheckInPointerRow"/> says what is due; a row the pointer no longer names is stale and is deleted when read.
/// </summary>
public sealed class CheckInIndexRow : TableEntityBase
{
    public const string TableName = "checkinschedule";
    /// <summary>How many partitions each day (and the pointers) is spread over. Changing it moves every row: it is
    /// part of the table's layout, not a setting.</summary>
    public const int Shards = 16;

    public string MemberKey { get; set; } = "";
    public DateTimeOffset DueAt { get; set; }
    /// <summary>When this step was first due, kept across moves to later minutes when the senders were full, so the
    /// longest-waiting go first. Null: <see cref="DueAt"/>.</summary>
    public DateTimeOffset? FirstDueAt { get; set; }

    public DateTimeOffset WaitingSince => FirstDueAt ?? DueAt;

    /// <summary>Her shard, stable across processes (FNV-1a over the key; string.GetHashCode is per process).</summary>
    public static int ShardOf(string memberKey)
    {
        var hash = 2166136261u;
        foreach (var c in memberKey) hash = (hash ^ c) * 16777619u;
        return (int)(hash % Shards);
    }

    public static string PartitionFor(DateTimeOffset dueMinute, int shard) =>
        "due-" + dueMinute.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) + "-" + shard.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"HHmm" of a minute: the RowKey prefix, so a span of minutes in a day is a RowKey range.</summary>
    public static string MinuteKey(DateTimeOffset dueMinute) =>
        dueMinute.UtcDateTime.ToString("HHmm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The keys of her row for the minute bucket "yyyyMMddHHmm".</summary>
    public static (string PartitionKey, string RowKey) KeysFor(string bucket, string memberKey)
    {
        var minute = CheckInClock.BucketStart(bucket);
        return (PartitionFor(minute, ShardOf(memberKey)), MinuteKey(minute) + "-" + memberKey);
    }

    /// <summary>Every row due from <paramref name="from"/> to <paramref name="to"/> (whole minutes, same UTC day).</summary>
    public static RowKeyRange RangeFor(DateTimeOffset from, DateTimeOffset to) =>
        // '~' sorts after '-' and every key character: "HHmm~" ends the last minute of the span.
        new(MinuteKey(from), MinuteKey(to) + "~");

    public static CheckInIndexRow For(string bucket, string memberKey, DateTimeOffset dueAt, DateTimeOffset? firstDueAt)
    {
        var (pk, rk) = KeysFor(bucket, memberKey);
        return new CheckInIndexRow { PartitionKey = pk, RowKey = rk, MemberKey = memberKey, DueAt = dueAt, FirstDueAt = firstDueAt };
    }
}

/// <summary>
/// Same table, PartitionKey = "ptr-{shard}", RowKey = member key: the one index entry that is current for her, so a
/// change of time, zone or pause can remove the old due row without a scan. Sharded (not one partition per member) so
/// that a bulk build writes pointers 100 to a batch.
/// </summary>
public sealed class CheckInPointerRow : TableEntityBase
{
    public static string PartitionFor(string memberKey) => "ptr-" + CheckInIndexRow.ShardOf(memberKey).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
    public static string PartitionForShard(int shard) => "ptr-" + shard.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    public string MemberKey { get; set; } = "";
    /// <summary>Minute bucket "yyyyMMddHHmm" of the current due row; null when nothing is scheduled (inactive, no time chosen).</summary>
    public string? Bucket { get; set; }
    public CheckInStep Step { get; set; }
    /// <summary>Her local date the due step belongs to (yyyy-MM-dd).</summary>
    public string? LocalDate { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>See <see cref="CheckInIndexRow.FirstDueAt"/>.</summary>
    public DateTimeOffset? FirstDueAt { get; set; }
    /// <summary>The schedule-relevant profile fields this entry was computed from; an unchanged profile is a no-op.</summary>
    public string? Signature { get; set; }
    /// <summary>Local date of the last prompt handed to the outbox: the previous link of her missed-check-in chain.</summary>
    public string? LastPromptDate { get; set; }
}

/// <summary>
/// Table <c>checkinledger</c>, PartitionKey = member key, RowKey = her local date "yyyy-MM-dd". Inserting the row claims
/// that day's prompt: a second insert fails, so a day is prompted at most once however often it is retried.
/// </summary>
public sealed class CheckInLedgerRow : TableEntityBase
{
    public const string TableName = "checkinledger";
    public const string KindPrompt = "prompt";
    public const string KindSilence = "silence";

    /// <summary>When the scheduler claimed the day (the insert).</summary>
    public DateTimeOffset ClaimedAt { get; set; }
    /// <summary>"prompt", or "silence" when the day's message was the gentle we-miss-you message.</summary>
    public string Kind { get; set; } = KindPrompt;
    /// <summary>When the message was durably in the outbox; null = claimed but not (yet) handed over.</summary>
    public DateTimeOffset? PromptSentAt { get; set; }
    /// <summary>Claimed but given up (quiet hours had begun or she stopped accepting messages before the retry).</summary>
    public DateTimeOffset? AbandonedAt { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? SilenceOutreachSentAt { get; set; }
    public DateTimeOffset? OutreachRequestedAt { get; set; }
    /// <summary>Unanswered prompts in a row before this day (her missed streak as of this prompt).</summary>
    public int MissedBefore { get; set; }

    public bool Prompted => PromptSentAt is not null;
    public bool Open => Prompted && AnsweredAt is null;
}

/// <summary>
/// Table <c>checkinledgerdates</c>, PartitionKey = ledger date "yyyy-MM-dd", RowKey = member key: which members have a
/// ledger row for a day, so retention can find old rows without a scan over every member. Written before the ledger
/// row it names; one without a ledger row is harmless.
/// </summary>
public sealed class CheckInLedgerDateRow : TableEntityBase
{
    public const string TableName = "checkinledgerdates";
}

/// <summary>Table <c>leases</c>: one row per singleton job. The holder renews it with ETag-guarded writes; the scheduler's
/// cursor (last fully processed bucket) lives in it so only the holder can advance it.</summary>
public sealed class LeaseRow : TableEntityBase
{
    public const string TableName = "leases";
    public const string PartitionKeyValue = "lease";

    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }
    /// <summary>Last bucket whose every row was processed.</summary>
    public string? Cursor { get; set; }
}
