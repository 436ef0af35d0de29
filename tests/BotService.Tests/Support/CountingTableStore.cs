using System.Collections.Concurrent;
using Azure;
using BotService.Storage;

namespace BotService.Tests.Support;

/// <summary>A real store that counts the calls made through it (each is one round trip on Azure Tables), so tests can
/// bound how many a piece of work needs.</summary>
public sealed class CountingTableStore(ITableStore inner) : ITableStore
{
    private int _queries, _reads, _writes, _batches;

    public int Queries => Volatile.Read(ref _queries);
    public int Reads => Volatile.Read(ref _reads);
    public int Writes => Volatile.Read(ref _writes);
    public int Batches => Volatile.Read(ref _batches);
    public int Total => Queries + Reads + Writes + Batches;

    /// <summary>Each call as "operation table", in order, since the last <see cref="Reset"/>.</summary>
    public ConcurrentQueue<string> Log { get; private set; } = new();

    public void Reset()
    {
        _queries = _reads = _writes = _batches = 0;
        Log = new();
    }

    private void Count(ref int counter, string operation, string table)
    {
        Interlocked.Increment(ref counter);
        Log.Enqueue($"{operation} {table}");
    }

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new Table<T>(inner.GetTable<T>(tableName), this);
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
    public string ProviderName => inner.ProviderName;

    private sealed class Table<T>(ITable<T> table, CountingTableStore owner) : ITable<T> where T : class, ITableEntity, new()
    {
        public string Name => table.Name;

        public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
        {
            owner.Count(ref owner._reads, "get", Name);
            return table.GetAsync(partitionKey, rowKey, cancellationToken);
        }

        public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) => Write("insert", () => table.InsertAsync(entity, cancellationToken));
        public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) => Write("replace", () => table.ReplaceAsync(entity, ifMatch, cancellationToken));
        public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) => Write("upsert", () => table.UpsertAsync(entity, cancellationToken));
        public Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) =>
            Write("delete", () => table.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken));

        public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000, string? continuationToken = null,
            CancellationToken cancellationToken = default)
        {
            owner.Count(ref owner._queries, "query", Name);
            return table.QueryPartitionAsync(partitionKey, range, pageSize, continuationToken, cancellationToken);
        }

        public Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
        {
            owner.Count(ref owner._batches, "batch", Name);
            return table.SubmitBatchAsync(operations, cancellationToken);
        }

        private Task<TResult> Write<TResult>(string operation, Func<Task<TResult>> write)
        {
            owner.Count(ref owner._writes, operation, Name);
            return write();
        }
    }
}
