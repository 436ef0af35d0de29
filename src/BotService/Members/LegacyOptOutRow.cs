using BotService.Storage;

namespace BotService.Members;

/// <summary>
/// An opt-out as written before layout 1: table <c>optouts</c>, PartitionKey member key, RowKey "optout". Still read
/// for a member whose profile row is older than the fold (or who has none), so an old STOP keeps holding.
/// </summary>
public sealed class LegacyOptOutRow : TableEntityBase
{
    public const string TableName = "optouts";
    public const string OptOutRowKey = "optout";

    public DateTimeOffset OptedOutAt { get; set; }
}
