namespace BotService.Storage;

/// <summary>A conditional write carried a stale ETag (412 UpdateConditionNotSatisfied): someone else changed the entity first.</summary>
public sealed class EntityConcurrencyException(string table, string partitionKey, string rowKey)
    : TableStorageException(412, "UpdateConditionNotSatisfied", $"The entity in table '{table}' changed since it was read; reload it and try again. (PartitionKey '{partitionKey}', RowKey '{rowKey}')");
