using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// Table <c>checkinledgerdates</c>, PartitionKey = ledger date "yyyy-MM-dd", RowKey = member key: which members have a
/// ledger row for a day, so retention can find old rows without a scan over every member. Written before the ledger
/// row it names; one without a ledger row is harmless.
/// </summary>
public sealed class CheckInLedgerDateRow : TableEntityBase
{
    public const string TableName = "checkinledgerdates";
}
