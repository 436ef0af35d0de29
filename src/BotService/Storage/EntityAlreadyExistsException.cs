namespace BotService.Storage;

/// <summary>Insert hit an existing entity (409 EntityAlreadyExists).</summary>
public sealed class EntityAlreadyExistsException(string table, string partitionKey, string rowKey)
    : TableStorageException(409, "EntityAlreadyExists", $"An entity with these keys already exists in table '{table}'. (PartitionKey '{partitionKey}', RowKey '{rowKey}')");
