namespace BotService.Storage;

/// <summary>Base of every storage failure, carrying the HTTP-like status and the service's error code.</summary>
public class TableStorageException : Exception
{
    public TableStorageException(int status, string errorCode, string message, Exception? inner = null) : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public int Status { get; }
    public string ErrorCode { get; }
}

/// <summary>Insert hit an existing entity (409 EntityAlreadyExists).</summary>
public sealed class EntityAlreadyExistsException(string table, string partitionKey, string rowKey)
    : TableStorageException(409, "EntityAlreadyExists", $"An entity with these keys already exists in table '{table}'. (PartitionKey '{partitionKey}', RowKey '{rowKey}')");

/// <summary>A conditional write carried a stale ETag (412 UpdateConditionNotSatisfied): someone else changed the entity first.</summary>
public sealed class EntityConcurrencyException(string table, string partitionKey, string rowKey)
    : TableStorageException(412, "UpdateConditionNotSatisfied", $"The entity in table '{table}' changed since it was read; reload it and try again. (PartitionKey '{partitionKey}', RowKey '{rowKey}')");

/// <summary>Replace of an entity that does not exist (404 ResourceNotFound).</summary>
public sealed class EntityNotFoundException(string table, string partitionKey, string rowKey)
    : TableStorageException(404, "ResourceNotFound", $"No entity with these keys in table '{table}'. (PartitionKey '{partitionKey}', RowKey '{rowKey}')");

/// <summary>An entity or key that the table service would refuse, caught before it reaches the wire.</summary>
public sealed class EntityValidationException(string field, string message) : ArgumentException($"{field}: {message}", field)
{
    public string Field { get; } = field;
}

/// <summary>A batch failed as a whole; nothing in it was applied.</summary>
public sealed class TableBatchException(int failedIndex, TableStorageException cause)
    : TableStorageException(cause.Status, cause.ErrorCode, $"Batch operation {failedIndex} failed, so none was applied: {cause.Message}", cause)
{
    public int FailedIndex { get; } = failedIndex;
}
