using BotService.Storage;

namespace BotService.CheckIns;

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
