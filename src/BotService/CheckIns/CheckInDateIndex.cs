using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>Date index for the retention purge (the store has no cross-partition query): PartitionKey the local date,
/// RowKey the member key. Holds nothing but the pair.</summary>
public sealed class CheckInDateIndex : TableEntityBase
{
    public const string TableName = "checkindates";
}
