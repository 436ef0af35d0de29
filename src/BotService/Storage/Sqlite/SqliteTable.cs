using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Azure;
using Microsoft.Data.Sqlite;

namespace BotService.Storage.Sqlite;

/// <summary>One logical table of a <see cref="SqliteTableStore"/>, with Azure Tables semantics.</summary>
public sealed class SqliteTable<T> : ITable<T> where T : class, ITableEntity, new()
{
    private const int MaxPageSize = 1000;
    private readonly SqliteTableStore _store;

    internal SqliteTable(SqliteTableStore store, string name)
    {
        _store = store;
        Name = name;
    }

    public string Name { get; }

    public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        try
        {
            EntityMapper.ValidateKey("PartitionKey", partitionKey);
            EntityMapper.ValidateKey("RowKey", rowKey);
            cancellationToken.ThrowIfCancellationRequested();
            var cache = _store.RowCache;
            if (cache is not null && cache.TryGet(Name, partitionKey, rowKey, out var cached))
                return Task.FromResult(cached.ETag is null ? null : Materialize(partitionKey, rowKey, cached));

            var epoch = cache?.Epoch ?? 0;
            var row = _store.Read(session =>
            {
                var command = session.Command("SELECT etag, ts, data FROM entities WHERE tbl = $tbl AND pk = $pk AND rk = $rk");
                AddKeys(command, partitionKey, rowKey);
                using var reader = command.ExecuteReader();
                return reader.Read() ? new CachedRow(reader.GetString(0), reader.GetString(1), reader.GetString(2)) : CachedRow.Absent;
            });
            cache?.AddFromRead(Name, partitionKey, rowKey, row, epoch);
            return Task.FromResult(row.ETag is null ? null : Materialize(partitionKey, rowKey, row));
        }
        catch (Exception ex)
        {
            return Task.FromException<T?>(ex);
        }
    }

    public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) =>
        WriteOneAsync(TableOperationKind.Insert, entity, default, cancellationToken);

    public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        WriteOneAsync(TableOperationKind.Replace, entity, ifMatch, cancellationToken);

    public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) =>
        WriteOneAsync(TableOperationKind.Upsert, entity, default, cancellationToken);

    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        EntityMapper.ValidateKey("RowKey", rowKey);
        return await _store.WriteAsync(context =>
        {
            var current = ReadETag(context.Session, partitionKey, rowKey);
            if (current is null) return false;
            if (!Matches(ifMatch, current)) throw new EntityConcurrencyException(Name, partitionKey, rowKey);
            DeleteRow(context, partitionKey, rowKey);
            return true;
        }, cancellationToken);
    }

    public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        try
        {
            EntityMapper.ValidateKey("PartitionKey", partitionKey);
            ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(QueryPartition(partitionKey, range, Math.Min(pageSize, MaxPageSize),
                continuationToken is null ? null : DecodeToken(continuationToken)));
        }
        catch (Exception ex)
        {
            return Task.FromException<TablePage<T>>(ex);
        }
    }

    private TablePage<T> QueryPartition(string partitionKey, RowKeyRange? range, int pageSize, string? after)
    {
        // At most eight distinct statements (three optional bounds), each prepared once per connection.
        var sql = new StringBuilder("SELECT rk, etag, ts, data FROM entities WHERE tbl = $tbl AND pk = $pk");
        if (range?.From is not null) sql.Append(" AND rk >= $from");
        if (range?.To is not null) sql.Append(" AND rk < $to");
        if (after is not null) sql.Append(" AND rk >= $after");
        // One extra row tells whether another page exists; its key becomes the token, as NextRowKey does in Azure.
        sql.Append(" ORDER BY rk LIMIT $limit");
        var text = sql.ToString();

        return _store.Read(session =>
        {
            var command = session.Command(text);
            command.Set("$tbl", Name);
            command.Set("$pk", partitionKey);
            if (range?.From is not null) command.Set("$from", range.From);
            if (range?.To is not null) command.Set("$to", range.To);
            if (after is not null) command.Set("$after", after);
            command.Set("$limit", pageSize + 1);

            var items = new List<T>(Math.Min(pageSize, 128));
            string? next = null;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var rowKey = reader.GetString(0);
                if (items.Count == pageSize)
                {
                    next = EncodeToken(rowKey);
                    break;
                }
                items.Add(Materialize(partitionKey, rowKey, new CachedRow(reader.GetString(1), reader.GetString(2), reader.GetString(3))));
            }
            return new TablePage<T>(items, next);
        });
    }

    public async Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
    {
        var (_, properties) = TableBatchValidation.Validate(operations);
        var etags = await _store.WriteAsync(context =>
        {
            var results = new ETag[operations.Count];
            for (var i = 0; i < operations.Count; i++)
            {
                var operation = operations[i];
                try
                {
                    if (operation.Kind == TableOperationKind.Delete)
                    {
                        var entity = operation.Entity;
                        var current = ReadETag(context.Session, entity.PartitionKey, entity.RowKey)
                            ?? throw new EntityNotFoundException(Name, entity.PartitionKey, entity.RowKey);
                        if (!Matches(operation.IfMatch, current)) throw new EntityConcurrencyException(Name, entity.PartitionKey, entity.RowKey);
                        DeleteRow(context, entity.PartitionKey, entity.RowKey);
                        results[i] = default;
                    }
                    else
                    {
                        results[i] = Apply(context, operation.Kind, operation.Entity, properties[i]!, operation.IfMatch).ETag;
                    }
                }
                catch (TableStorageException ex) when (ex is not TableBatchException)
                {
                    // The writer rolls this write back to its savepoint: nothing of the batch stays.
                    throw new TableBatchException(i, ex);
                }
            }
            return results;
        }, cancellationToken, needsSavepoint: true);
        // Only now that the transaction committed may the callers' entities carry the new versions.
        for (var i = 0; i < operations.Count; i++)
            if (operations[i].Kind != TableOperationKind.Delete) operations[i].Entity.ETag = etags[i];
        return etags;
    }

    private async Task<ETag> WriteOneAsync(TableOperationKind kind, T entity, ETag ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var properties = EntityMapper.ToProperties(entity);
        var (etag, timestamp) = await _store.WriteAsync(context => Apply(context, kind, entity, properties, ifMatch), cancellationToken);
        entity.ETag = etag;
        entity.Timestamp = timestamp;
        return etag;
    }

    // Each kind is one modifying statement whose WHERE or ON CONFLICT clause is the precondition, so a write that is
    // refused changed nothing and needs no savepoint; the row is read again only to say why it was refused.
    private const string InsertSql = """
        INSERT INTO entities (tbl, pk, rk, etag, ts, data) VALUES ($tbl, $pk, $rk, $etag, $ts, $data)
        ON CONFLICT (tbl, pk, rk) DO NOTHING
        """;
    private const string UpsertSql = """
        INSERT INTO entities (tbl, pk, rk, etag, ts, data) VALUES ($tbl, $pk, $rk, $etag, $ts, $data)
        ON CONFLICT (tbl, pk, rk) DO UPDATE SET etag = excluded.etag, ts = excluded.ts, data = excluded.data
        """;
    private const string ReplaceSql = "UPDATE entities SET etag = $etag, ts = $ts, data = $data WHERE tbl = $tbl AND pk = $pk AND rk = $rk";
    private const string ReplaceIfMatchSql = ReplaceSql + " AND etag = $ifmatch";

    private (ETag ETag, DateTimeOffset Timestamp) Apply(SqliteWriteContext context, TableOperationKind kind, T entity,
        Dictionary<string, EntityProperty> properties, ETag ifMatch)
    {
        var (pk, rk) = (entity.PartitionKey, entity.RowKey);
        var conditional = ifMatch != default && ifMatch != ETag.All;
        var etag = context.NextETag();
        var timestamp = DateTimeOffset.UtcNow;
        var ts = timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture);
        var data = SqlitePayload.Write(properties);
        var write = context.Session.Command(kind switch
        {
            TableOperationKind.Insert => InsertSql,
            TableOperationKind.Replace when conditional => ReplaceIfMatchSql,
            TableOperationKind.Replace => ReplaceSql,
            // Upsert has no precondition.
            _ => UpsertSql,
        });
        AddKeys(write, pk, rk);
        write.Set("$etag", etag);
        write.Set("$ts", ts);
        write.Set("$data", data);
        if (kind == TableOperationKind.Replace && conditional) write.Set("$ifmatch", ifMatch.ToString());
        if (write.ExecuteNonQuery() == 0)
        {
            throw kind == TableOperationKind.Insert
                ? new EntityAlreadyExistsException(Name, pk, rk)
                : ReadETag(context.Session, pk, rk) is null
                    ? new EntityNotFoundException(Name, pk, rk)
                    : new EntityConcurrencyException(Name, pk, rk);
        }
        context.Wrote(Name, pk, rk, new CachedRow(etag, ts, data));
        return (new ETag(etag), timestamp);
    }

    private string? ReadETag(SqliteSession session, string pk, string rk)
    {
        var command = session.Command("SELECT etag FROM entities WHERE tbl = $tbl AND pk = $pk AND rk = $rk");
        AddKeys(command, pk, rk);
        return command.ExecuteScalar() as string;
    }

    private void DeleteRow(SqliteWriteContext context, string pk, string rk)
    {
        var command = context.Session.Command("DELETE FROM entities WHERE tbl = $tbl AND pk = $pk AND rk = $rk");
        AddKeys(command, pk, rk);
        command.ExecuteNonQuery();
        context.Wrote(Name, pk, rk, CachedRow.Absent);
    }

    private void AddKeys(SqliteCommand command, string pk, string rk)
    {
        command.Set("$tbl", Name);
        command.Set("$pk", pk);
        command.Set("$rk", rk);
    }

    /// <summary>default and * are unconditional; anything else must equal the stored ETag exactly.</summary>
    private static bool Matches(ETag ifMatch, string current) =>
        ifMatch == default || ifMatch == ETag.All || string.Equals(ifMatch.ToString(), current, StringComparison.Ordinal);

    private static T Materialize(string pk, string rk, CachedRow row) =>
        EntityMapper.FromProperties<T>(pk, rk, new ETag(row.ETag!),
            new DateTimeOffset(long.Parse(row.Timestamp, CultureInfo.InvariantCulture), TimeSpan.Zero), row.Properties());


    private static string EncodeToken(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    private static string DecodeToken(string token)
    {
        try
        {
            return Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The continuation token is not one this store issued.", nameof(token), ex);
        }
    }
}
