namespace BotService.Storage;

/// <summary>A batch failed as a whole; nothing in it was applied.</summary>
public sealed class TableBatchException(int failedIndex, TableStorageException cause)
    : TableStorageException(cause.Status, cause.ErrorCode, $"Batch operation {failedIndex} failed, so none was applied: {cause.Message}", cause)
{
    public int FailedIndex { get; } = failedIndex;
}
