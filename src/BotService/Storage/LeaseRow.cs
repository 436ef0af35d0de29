
namespace BotService.Storage;

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
