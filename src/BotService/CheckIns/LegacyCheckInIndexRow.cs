using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// A row of the due index's first layout (table <c>checkinindex</c>, PartitionKey = UTC minute "yyyyMMddHHmm",
/// RowKey = member key). Read once by <see cref="LegacyCheckInIndexMigration"/> to find who was scheduled.
/// </summary>
public sealed class LegacyCheckInIndexRow : TableEntityBase
{
    public const string TableName = "checkinindex";
    public const string Format = "yyyyMMddHHmm";
}
