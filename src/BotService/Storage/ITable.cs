using Azure;

namespace BotService.Storage;

public interface ITable<T> where T : class, ITableEntity, new()
{
    string Name { get; }

    /// <summary>Null when the entity does not exist.</summary>
    Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default);

    /// <summary>Adds a new entity. Throws <see cref="EntityAlreadyExistsException"/> if the keys are taken.
    /// Sets <c>entity.ETag</c> and returns it.</summary>
    Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default);

    /// <summary>Replaces every column. <paramref name="ifMatch"/> = <see cref="ETag.All"/> replaces unconditionally.
    /// Stale ETag: <see cref="EntityConcurrencyException"/>; missing entity: <see cref="EntityNotFoundException"/>.</summary>
    Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default);

    /// <summary>Insert or replace, unconditionally.</summary>
    Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default);

    /// <summary>Deletes the entity. Returns false when it did not exist. A stale <paramref name="ifMatch"/>
    /// throws <see cref="EntityConcurrencyException"/>. Default: unconditional.</summary>
    Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default);

    /// <summary>One page of a partition in RowKey order, optionally within a RowKey range.</summary>
    Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
        string? continuationToken = null, CancellationToken cancellationToken = default);

    /// <summary>Applies up to 100 operations on one partition atomically: all or none.
    /// Returns the new ETag of each operation (default for deletes). Failure: <see cref="TableBatchException"/>.</summary>
    Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default);
}
