using System.Collections.Concurrent;
using Azure;
using BotService.Storage;

namespace BotService.Tests.Support;

/// <summary>
/// An in-memory <see cref="ITableStore"/> for unit and endpoint tests. It passes the same contract suite as the real
/// stores (InMemoryTableStoreContractTests): names, keys and batches are checked by the same rules, entities are copied
/// through <see cref="EntityMapper"/> (so no shared references), Insert refuses existing keys, conditional
/// Replace/Delete honour ETags, partitions page in RowKey order, batches are all-or-nothing.
/// </summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly ConcurrentDictionary<string, object> _tables = new(StringComparer.Ordinal);

    public string ProviderName => "InMemory";

    /// <summary>When set, every table operation throws, as a store that is down would.</summary>
    public bool FailAll { get; set; }

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new()
    {
        if (FailAll) throw new TableStorageException(503, "ServerBusy", "The in-memory store is set to fail.");
        EntityMapper.ValidateTableName(tableName);
        return (ITable<T>)_tables.GetOrAdd(tableName + "|" + typeof(T).FullName, _ => new Table<T>(tableName));
    }
    // Keyed by entity type too: a real table holds rows of several shapes (the scheduler's index does); here each
    // shape gets its own rows, which is all the failure-simulation tests need.

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    /// <summary>Entities across all tables: "nothing stored" assertions.</summary>
    public int EntityCount => _tables.Values.Sum(t => ((IRowCounter)t).Count);

    /// <summary>Every stored column value across all tables, for privacy assertions.</summary>
    public IEnumerable<(string Table, string PartitionKey, string RowKey, IReadOnlyDictionary<string, EntityProperty> Columns)> Dump() =>
        _tables.Values.SelectMany(t => ((IRowCounter)t).Rows());

    private interface IRowCounter
    {
        int Count { get; }
        IEnumerable<(string, string, string, IReadOnlyDictionary<string, EntityProperty>)> Rows();
    }

    private sealed record Row(Dictionary<string, EntityProperty> Columns, ETag ETag, DateTimeOffset Timestamp);

    private sealed class Table<T>(string name) : ITable<T>, IRowCounter where T : class, ITableEntity, new()
    {
        private readonly Lock _gate = new();
        private readonly SortedDictionary<(string Pk, string Rk), Row> _rows = new(new KeyComparer());
        private long _version;

        public string Name => name;

        public int Count { get { lock (_gate) return _rows.Count; } }

        public IEnumerable<(string, string, string, IReadOnlyDictionary<string, EntityProperty>)> Rows()
        {
            lock (_gate)
                return _rows.Select(r => (name, r.Key.Pk, r.Key.Rk, (IReadOnlyDictionary<string, EntityProperty>)r.Value.Columns)).ToArray();
        }

        public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
        {
            ValidateKeys(partitionKey, rowKey);
            lock (_gate)
                return Task.FromResult(_rows.TryGetValue((partitionKey, rowKey), out var row) ? Materialize(partitionKey, rowKey, row) : null);
        }

        public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default)
        {
            lock (_gate) return Task.FromResult(Apply(TableOperation<T>.Insert(entity)));
        }

        public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default)
        {
            lock (_gate) return Task.FromResult(Apply(TableOperation<T>.Replace(entity, ifMatch)));
        }

        public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default)
        {
            lock (_gate) return Task.FromResult(Apply(TableOperation<T>.Upsert(entity)));
        }

        public Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
        {
            ValidateKeys(partitionKey, rowKey);
            lock (_gate)
            {
                if (!_rows.TryGetValue((partitionKey, rowKey), out var row)) return Task.FromResult(false);
                CheckMatch(ifMatch, row, partitionKey, rowKey);
                _rows.Remove((partitionKey, rowKey));
                return Task.FromResult(true);
            }
        }

        public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
            string? continuationToken = null, CancellationToken cancellationToken = default)
        {
            EntityMapper.ValidateKey("PartitionKey", partitionKey);
            lock (_gate)
            {
                var matching = _rows
                    .Where(r => r.Key.Pk == partitionKey)
                    .Where(r => range?.From is null || string.CompareOrdinal(r.Key.Rk, range.From) >= 0)
                    .Where(r => range?.To is null || string.CompareOrdinal(r.Key.Rk, range.To) < 0)
                    .Where(r => continuationToken is null || string.CompareOrdinal(r.Key.Rk, continuationToken) > 0)
                    .Take(pageSize + 1)
                    .ToList();
                var page = matching.Take(pageSize).Select(r => Materialize(r.Key.Pk, r.Key.Rk, r.Value)).ToList();
                var token = matching.Count > pageSize ? page[^1].RowKey : null;
                return Task.FromResult(new TablePage<T>(page, token));
            }
        }

        public Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
        {
            TableBatchValidation.Validate(operations);
            lock (_gate)
            {
                var snapshot = new SortedDictionary<(string, string), Row>(_rows, new KeyComparer());
                var results = new List<ETag>();
                for (var i = 0; i < operations.Count; i++)
                {
                    try
                    {
                        results.Add(Apply(operations[i]));
                    }
                    catch (TableStorageException e)
                    {
                        _rows.Clear();
                        foreach (var (k, v) in snapshot) _rows[k] = v;
                        throw new TableBatchException(i, e);
                    }
                }
                return Task.FromResult<IReadOnlyList<ETag>>(results);
            }
        }

        private ETag Apply(TableOperation<T> op)
        {
            var entity = op.Entity;
            ValidateKeys(entity.PartitionKey, entity.RowKey);
            var key = (entity.PartitionKey, entity.RowKey);
            var exists = _rows.TryGetValue(key, out var existing);
            if (op.Kind == TableOperationKind.Delete)
            {
                if (!exists) throw new EntityNotFoundException(name, key.PartitionKey, key.RowKey);
                CheckMatch(op.IfMatch, existing!, key.PartitionKey, key.RowKey);
                _rows.Remove(key);
                return default;
            }
            var columns = EntityMapper.ToProperties(entity);
            switch (op.Kind)
            {
                case TableOperationKind.Insert when exists:
                    throw new EntityAlreadyExistsException(name, key.PartitionKey, key.RowKey);
                case TableOperationKind.Replace when !exists:
                    throw new EntityNotFoundException(name, key.PartitionKey, key.RowKey);
                case TableOperationKind.Replace:
                    CheckMatch(op.IfMatch, existing!, key.PartitionKey, key.RowKey);
                    break;
            }
            var etag = new ETag($"W/\"{Interlocked.Increment(ref _version)}\"");
            _rows[key] = new Row(columns, etag, DateTimeOffset.UtcNow);
            entity.ETag = etag;
            return etag;
        }

        private static void ValidateKeys(string partitionKey, string rowKey)
        {
            EntityMapper.ValidateKey("PartitionKey", partitionKey);
            EntityMapper.ValidateKey("RowKey", rowKey);
        }

        private void CheckMatch(ETag ifMatch, Row row, string pk, string rk)
        {
            if (ifMatch == default || ifMatch == ETag.All) return;
            if (ifMatch != row.ETag) throw new EntityConcurrencyException(name, pk, rk);
        }

        private static T Materialize(string pk, string rk, Row row) =>
            EntityMapper.FromProperties<T>(pk, rk, row.ETag, row.Timestamp, row.Columns);
    }

    private sealed class KeyComparer : IComparer<(string Pk, string Rk)>
    {
        public int Compare((string Pk, string Rk) x, (string Pk, string Rk) y)
        {
            var c = string.CompareOrdinal(x.Pk, y.Pk);
            return c != 0 ? c : string.CompareOrdinal(x.Rk, y.Rk);
        }
    }
}
