using Azure;

namespace BotService.Storage;

/// <summary>
/// A typed row in a table, addressed like an Azure Table entity. Public settable properties of the supported
/// types (string, bool, int, long, double, Guid, DateTimeOffset, byte[], enums stored by name, and their nullables)
/// are persisted; everything else is ignored. See <see cref="EntityMapper"/>.
/// </summary>
public interface ITableEntity
{
    string PartitionKey { get; set; }
    string RowKey { get; set; }
    /// <summary>Opaque version token. Pass it back verbatim for conditional writes.</summary>
    ETag ETag { get; set; }
    DateTimeOffset? Timestamp { get; set; }
}
