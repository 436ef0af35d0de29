using BotService.Storage;

namespace BotService.Coping;

/// <summary>How often a coping idea helped her. Table <c>strategycounters</c>, PartitionKey member key, RowKey strategy id.</summary>
public sealed class StrategyCounter : TableEntityBase
{
    public const string TableName = "strategycounters";
    public int Helped { get; set; }
    public int NotHelped { get; set; }
}
