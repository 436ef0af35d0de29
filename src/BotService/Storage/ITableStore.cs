using Azure;

namespace BotService.Storage;

/// <summary>
/// The storage contract every feature uses: Azure Tables semantics, implemented by
/// <see cref="Sqlite.SqliteTableStore"/> (embedded default) and <see cref="AzureTables.AzureTableStore"/>.
/// </summary>
public interface ITableStore
{
    /// <summary>A typed view of a table. Cheap; the table is created on first use.</summary>
    ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new();

    /// <summary>True when the store answers a trivial request (used by /healthz).</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);

    /// <summary>Short name for logs and test names: "Sqlite" or "AzureTables".</summary>
    string ProviderName { get; }
}

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

/// <summary>A RowKey interval: <see cref="From"/> inclusive, <see cref="To"/> exclusive; either may be null.</summary>
public sealed record RowKeyRange(string? From, string? To)
{
    /// <summary>Every RowKey that starts with <paramref name="prefix"/>.</summary>
    public static RowKeyRange Prefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var last = prefix[^1];
        return new RowKeyRange(prefix, prefix[..^1] + (char)(last + 1));
    }
}

public sealed record TablePage<T>(IReadOnlyList<T> Items, string? ContinuationToken);

public enum TableOperationKind { Insert, Replace, Upsert, Delete }

public sealed record TableOperation<T>(TableOperationKind Kind, T Entity, ETag IfMatch = default) where T : class, ITableEntity, new()
{
    public static TableOperation<T> Insert(T entity) => new(TableOperationKind.Insert, entity);
    public static TableOperation<T> Upsert(T entity) => new(TableOperationKind.Upsert, entity);
    public static TableOperation<T> Replace(T entity, ETag ifMatch) => new(TableOperationKind.Replace, entity, ifMatch);
    public static TableOperation<T> Delete(T entity, ETag ifMatch = default) => new(TableOperationKind.Delete, entity, ifMatch);
}

public static class TableExtensions
{
    /// <summary>Every entity of a partition (follows continuation tokens).</summary>
    public static async IAsyncEnumerable<T> QueryPartitionAllAsync<T>(this ITable<T> table, string partitionKey, RowKeyRange? range = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class, ITableEntity, new()
    {
        string? token = null;
        do
        {
            var page = await table.QueryPartitionAsync(partitionKey, range, 1000, token, cancellationToken);
            foreach (var item in page.Items) yield return item;
            token = page.ContinuationToken;
        } while (token is not null);
    }
}
