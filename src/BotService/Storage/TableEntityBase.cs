using Azure;

namespace BotService.Storage;

/// <summary>Convenience base so entity classes only declare their own columns.</summary>
public abstract class TableEntityBase : ITableEntity
{
    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public ETag ETag { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
}
