using BotService.Storage;

namespace BotService.CheckIns;

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
