namespace BotService.Storage;

/// <summary>Replace of an entity that does not exist (404 ResourceNotFound).</summary>
public sealed class EntityNotFoundException(string table, string partitionKey, string rowKey)
    : TableStorageException(404, "ResourceNotFound", $"No entity with these keys in table '{table}'. (PartitionKey '{partitionKey}', RowKey '{rowKey}')");
