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

    public void Reset() => _queries = _reads = _writes = _batches = 0;

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new Table<T>(inner.GetTable<T>(tableName), this);
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
    public string ProviderName => inner.ProviderName;

    private sealed class Table<T>(ITable<T> table, CountingTableStore owner) : ITable<T> where T : class, ITableEntity, new()
    {
        public string Name => table.Name;

        public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._reads);
            return table.GetAsync(partitionKey, rowKey, cancellationToken);
        }

        public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) => Write(() => table.InsertAsync(entity, cancellationToken));
        public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) => Write(() => table.ReplaceAsync(entity, ifMatch, cancellationToken));
        public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) => Write(() => table.UpsertAsync(entity, cancellationToken));
        public Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) =>
            Write(() => table.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken));

        public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000, string? continuationToken = null,
            CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._queries);
            return table.QueryPartitionAsync(partitionKey, range, pageSize, continuationToken, cancellationToken);
        }

        public Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref owner._batches);
            return table.SubmitBatchAsync(operations, cancellationToken);
        }

        private Task<TResult> Write<TResult>(Func<Task<TResult>> write)
        {
            Interlocked.Increment(ref owner._writes);
            return write();
        }
    }
}
