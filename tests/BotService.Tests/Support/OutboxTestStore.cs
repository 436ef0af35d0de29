using Azure;
using BotService.Storage;

namespace BotService.Tests.Support;

/// <summary>
/// A small in-memory <see cref="ITableStore"/> for the outbox tests until the SQLite store lands in main: ETags on every
/// write, conditional replace/merge/delete, atomic single-partition batches, RowKey-ordered partition queries.
/// Values go through <see cref="EntityMapper"/> so key and size rules match the real stores.
/// </summary>
public sealed class OutboxTestStore : ITableStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SortedDictionary<(string Pk, string Rk), Stored>> _tables = new(StringComparer.Ordinal);
    private long _version;

    private sealed record Stored(Dictionary<string, EntityProperty> Properties, ETag ETag, DateTimeOffset Timestamp);

    public string ProviderName => "OutboxTest";

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new Table<T>(this, tableName);

    /// <summary>Every stored string and number, for privacy assertions: "table|pk|rk|column=value" per column.</summary>
    public IReadOnlyList<string> Dump()
    {
        lock (_gate)
        {
            return [.. _tables.SelectMany(t => t.Value.SelectMany(e =>
                e.Value.Properties.Select(p => $"{t.Key}|{e.Key.Pk}|{e.Key.Rk}|{p.Key}={p.Value.Value}")
                    .DefaultIfEmpty($"{t.Key}|{e.Key.Pk}|{e.Key.Rk}|")))];
        }
    }

    private SortedDictionary<(string Pk, string Rk), Stored> Rows(string table)
    {
        if (!_tables.TryGetValue(table, out var rows))
            _tables[table] = rows = new SortedDictionary<(string Pk, string Rk), Stored>(Comparer<(string Pk, string Rk)>.Create((a, b) =>
            {
                var c = string.CompareOrdinal(a.Item1, b.Item1);
                return c != 0 ? c : string.CompareOrdinal(a.Item2, b.Item2);
            }));
        return rows;
    }

    private ETag NextETag() => new($"W/\"{++_version}\"");

    private sealed class Table<T>(OutboxTestStore store, string name) : ITable<T> where T : class, ITableEntity, new()
    {
        public string Name => name;

        public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
        {
            lock (store._gate)
            {
                return Task.FromResult(store.Rows(name).TryGetValue((partitionKey, rowKey), out var s) ? Materialize(partitionKey, rowKey, s) : null);
            }
        }

        public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) =>
            Task.FromResult(Single(TableOperation<T>.Insert(entity)));

        public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
            Task.FromResult(Single(TableOperation<T>.Replace(entity, ifMatch)));

        public Task<ETag> MergeAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
            Task.FromResult(Single(TableOperation<T>.Merge(entity, ifMatch)));

        public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) =>
            Task.FromResult(Single(TableOperation<T>.Upsert(entity)));

        public Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
        {
            lock (store._gate)
            {
                var rows = store.Rows(name);
                if (!rows.TryGetValue((partitionKey, rowKey), out var s)) return Task.FromResult(false);
                if (!Matches(ifMatch, s.ETag)) throw new EntityConcurrencyException(name, partitionKey, rowKey);
                rows.Remove((partitionKey, rowKey));
                return Task.FromResult(true);
            }
        }

        public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
            string? continuationToken = null, CancellationToken cancellationToken = default)
        {
            lock (store._gate)
            {
                var items = store.Rows(name)
                    .Where(r => r.Key.Pk == partitionKey
                        && (range?.From is null || string.CompareOrdinal(r.Key.Rk, range.From) >= 0)
                        && (range?.To is null || string.CompareOrdinal(r.Key.Rk, range.To) < 0)
                        && (continuationToken is null || string.CompareOrdinal(r.Key.Rk, continuationToken) > 0))
                    .Take(pageSize + 1)
                    .Select(r => Materialize(r.Key.Pk, r.Key.Rk, r.Value))
                    .ToList();
                string? next = null;
                if (items.Count > pageSize)
                {
                    items.RemoveAt(pageSize);
                    next = items[^1].RowKey;
                }
                return Task.FromResult(new TablePage<T>(items, next));
            }
        }

        public Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
        {
            if (operations.Count is 0 or > 100) throw new ArgumentException("A batch holds 1 to 100 operations.", nameof(operations));
            if (operations.Select(o => o.Entity.PartitionKey).Distinct().Count() != 1)
                throw new ArgumentException("A batch must stay in one partition.", nameof(operations));
            lock (store._gate)
            {
                var rows = store.Rows(name);
                var snapshot = new Dictionary<(string Pk, string Rk), Stored>(rows);
                var etags = new List<ETag>();
                for (var i = 0; i < operations.Count; i++)
                {
                    try
                    {
                        etags.Add(Apply(rows, operations[i]));
                    }
                    catch (TableStorageException ex)
                    {
                        rows.Clear();
                        foreach (var kv in snapshot) rows[kv.Key] = kv.Value;
                        throw new TableBatchException(i, ex);
                    }
                }
                return Task.FromResult<IReadOnlyList<ETag>>(etags);
            }
        }

        private ETag Single(TableOperation<T> op)
        {
            lock (store._gate) return Apply(store.Rows(name), op);
        }

        private ETag Apply(SortedDictionary<(string Pk, string Rk), Stored> rows, TableOperation<T> op)
        {
            var e = op.Entity;
            var key = (e.PartitionKey, e.RowKey);
            var exists = rows.TryGetValue(key, out var current);
            if (op.Kind == TableOperationKind.Delete)
            {
                if (!exists) throw new EntityNotFoundException(name, e.PartitionKey, e.RowKey);
                if (!Matches(op.IfMatch, current!.ETag)) throw new EntityConcurrencyException(name, e.PartitionKey, e.RowKey);
                rows.Remove(key);
                return default;
            }
            var props = EntityMapper.ToProperties(e);
            switch (op.Kind)
            {
                case TableOperationKind.Insert when exists:
                    throw new EntityAlreadyExistsException(name, e.PartitionKey, e.RowKey);
                case TableOperationKind.Replace or TableOperationKind.Merge when !exists:
                    throw new EntityNotFoundException(name, e.PartitionKey, e.RowKey);
                case TableOperationKind.Replace or TableOperationKind.Merge when !Matches(op.IfMatch, current!.ETag):
                    throw new EntityConcurrencyException(name, e.PartitionKey, e.RowKey);
                case TableOperationKind.Merge:
                    var merged = new Dictionary<string, EntityProperty>(current!.Properties, StringComparer.Ordinal);
                    foreach (var p in props) merged[p.Key] = p.Value;
                    props = merged;
                    break;
            }
            var etag = store.NextETag();
            rows[key] = new Stored(props, etag, DateTimeOffset.UtcNow);
            e.ETag = etag;
            return etag;
        }

        // Default(ETag) means "unconditional" for deletes, like the real stores' default parameter.
        private static bool Matches(ETag ifMatch, ETag current) => ifMatch == default || ifMatch == ETag.All || ifMatch == current;

        private static T Materialize(string pk, string rk, Stored s) => EntityMapper.FromProperties<T>(pk, rk, s.ETag, s.Timestamp, s.Properties);
    }
}
