using Azure;
using BotService.Storage;

namespace BotService.Bench;

/// <summary>Wraps a real store and counts its calls: on Azure Tables each call is one round trip (a query page, a
/// point read, a write or a batch of up to 100), so this is the round-trip count the scheduling figures quote.</summary>
internal sealed class CountingStore(ITableStore inner) : ITableStore
{
    private long _queries, _reads, _writes, _batches;

    public long Queries => Interlocked.Read(ref _queries);
    public long Reads => Interlocked.Read(ref _reads);
    public long Writes => Interlocked.Read(ref _writes);
    public long Batches => Interlocked.Read(ref _batches);
    public long Total => Queries + Reads + Writes + Batches;

    public void Reset() => _queries = _reads = _writes = _batches = 0;

    public override string ToString() => $"{Total} round trips ({Queries} queries, {Reads} reads, {Writes} writes, {Batches} batches)";

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new Table<T>(inner.GetTable<T>(tableName), this);
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
    public string ProviderName => inner.ProviderName;

    private sealed class Table<T>(ITable<T> table, CountingStore owner) : ITable<T> where T : class, ITableEntity, new()
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
