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

    public async Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        EntityMapper.ValidateKey("RowKey", rowKey);
        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT etag, ts, data FROM entities WHERE tbl = $tbl AND pk = $pk AND rk = $rk";
        command.Parameters.AddWithValue("$tbl", Name);
        command.Parameters.AddWithValue("$pk", partitionKey);
        command.Parameters.AddWithValue("$rk", rowKey);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return Materialize(partitionKey, rowKey, reader.GetString(0), reader.GetString(1), reader.GetString(2));
    }

    public async Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) =>
        await WriteOneAsync(TableOperationKind.Insert, entity, default, cancellationToken);

    public async Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        await WriteOneAsync(TableOperationKind.Replace, entity, ifMatch, cancellationToken);

    public async Task<ETag> MergeAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        await WriteOneAsync(TableOperationKind.Merge, entity, ifMatch, cancellationToken);

    public async Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) =>
        await WriteOneAsync(TableOperationKind.Upsert, entity, default, cancellationToken);

    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        EntityMapper.ValidateKey("RowKey", rowKey);
        return await _store.WriteAsync(async (connection, transaction) =>
        {
            var current = await ReadETagAsync(connection, transaction, partitionKey, rowKey, cancellationToken);
            if (current is null) return false;
            if (!Matches(ifMatch, current)) throw new EntityConcurrencyException(Name, partitionKey, rowKey);
            await DeleteRowAsync(connection, transaction, partitionKey, rowKey, cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        pageSize = Math.Min(pageSize, MaxPageSize);
        var after = continuationToken is null ? null : DecodeToken(continuationToken);

        await using var connection = await _store.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new StringBuilder("SELECT rk, etag, ts, data FROM entities WHERE tbl = $tbl AND pk = $pk");
        command.Parameters.AddWithValue("$tbl", Name);
        command.Parameters.AddWithValue("$pk", partitionKey);
        if (range?.From is not null) { sql.Append(" AND rk >= $from"); command.Parameters.AddWithValue("$from", range.From); }
        if (range?.To is not null) { sql.Append(" AND rk < $to"); command.Parameters.AddWithValue("$to", range.To); }
        if (after is not null) { sql.Append(" AND rk >= $after"); command.Parameters.AddWithValue("$after", after); }
        // One extra row tells whether another page exists; its key becomes the token, as NextRowKey does in Azure.
        sql.Append(" ORDER BY rk LIMIT $limit");
        command.Parameters.AddWithValue("$limit", pageSize + 1);
        command.CommandText = sql.ToString();

        var items = new List<T>(Math.Min(pageSize, 128));
        string? next = null;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var rowKey = reader.GetString(0);
            if (items.Count == pageSize)
            {
                next = EncodeToken(rowKey);
                break;
            }
            items.Add(Materialize(partitionKey, rowKey, reader.GetString(1), reader.GetString(2), reader.GetString(3)));
        }
        return new TablePage<T>(items, next);
    }

    public async Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
    {
        var (_, properties) = TableBatchValidation.Validate(operations);
        var etags = await _store.WriteAsync(async (connection, transaction) =>
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
                        var current = await ReadETagAsync(connection, transaction, entity.PartitionKey, entity.RowKey, cancellationToken)
                            ?? throw new EntityNotFoundException(Name, entity.PartitionKey, entity.RowKey);
                        if (!Matches(operation.IfMatch, current)) throw new EntityConcurrencyException(Name, entity.PartitionKey, entity.RowKey);
                        await DeleteRowAsync(connection, transaction, entity.PartitionKey, entity.RowKey, cancellationToken);
                        results[i] = default;
                    }
                    else
                    {
                        results[i] = (await ApplyAsync(connection, transaction, operation.Kind, operation.Entity, properties[i]!, operation.IfMatch, cancellationToken)).ETag;
                    }
                }
                catch (TableStorageException ex) when (ex is not TableBatchException)
                {
                    // Leaving WriteAsync by exception disposes the transaction uncommitted: nothing of the batch stays.
                    throw new TableBatchException(i, ex);
                }
            }
            return results;
        }, cancellationToken);
        // Only now that the transaction committed may the callers' entities carry the new versions.
        for (var i = 0; i < operations.Count; i++)
            if (operations[i].Kind != TableOperationKind.Delete) operations[i].Entity.ETag = etags[i];
        return etags;
    }

    private async Task<ETag> WriteOneAsync(TableOperationKind kind, T entity, ETag ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var properties = EntityMapper.ToProperties(entity);
        var (etag, timestamp) = await _store.WriteAsync(
            (connection, transaction) => ApplyAsync(connection, transaction, kind, entity, properties, ifMatch, cancellationToken),
            cancellationToken);
        entity.ETag = etag;
        entity.Timestamp = timestamp;
        return etag;
    }

    private async Task<(ETag ETag, DateTimeOffset Timestamp)> ApplyAsync(SqliteConnection connection, SqliteTransaction transaction,
        TableOperationKind kind, T entity, Dictionary<string, EntityProperty> properties, ETag ifMatch, CancellationToken cancellationToken)
    {
        var (pk, rk) = (entity.PartitionKey, entity.RowKey);
        string? currentETag = null;
        string? currentData = null;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT etag, data FROM entities WHERE tbl = $tbl AND pk = $pk AND rk = $rk";
            AddKeys(read, pk, rk);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                currentETag = reader.GetString(0);
                currentData = reader.GetString(1);
            }
        }

        switch (kind)
        {
            case TableOperationKind.Insert when currentETag is not null:
                throw new EntityAlreadyExistsException(Name, pk, rk);
            case TableOperationKind.Replace or TableOperationKind.Merge when currentETag is null:
                throw new EntityNotFoundException(Name, pk, rk);
            case TableOperationKind.Replace or TableOperationKind.Merge when !Matches(ifMatch, currentETag!):
                throw new EntityConcurrencyException(Name, pk, rk);
        }

        if (kind == TableOperationKind.Merge && currentData is not null)
        {
            var merged = SqlitePayload.Read(currentData);
            foreach (var (name, value) in properties) merged[name] = value;
            properties = merged;
        }

        var etag = await NextETagAsync(connection, transaction, cancellationToken);
        var timestamp = DateTimeOffset.UtcNow;
        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        write.CommandText = """
            INSERT INTO entities (tbl, pk, rk, etag, ts, data) VALUES ($tbl, $pk, $rk, $etag, $ts, $data)
            ON CONFLICT (tbl, pk, rk) DO UPDATE SET etag = excluded.etag, ts = excluded.ts, data = excluded.data
            """;
        AddKeys(write, pk, rk);
        write.Parameters.AddWithValue("$etag", etag);
        write.Parameters.AddWithValue("$ts", timestamp.UtcTicks.ToString(CultureInfo.InvariantCulture));
        write.Parameters.AddWithValue("$data", SqlitePayload.Write(properties));
        await write.ExecuteNonQueryAsync(cancellationToken);
        return (new ETag(etag), timestamp);
    }

    private async Task<string?> ReadETagAsync(SqliteConnection connection, SqliteTransaction transaction, string pk, string rk, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT etag FROM entities WHERE tbl = $tbl AND pk = $pk AND rk = $rk";
        AddKeys(command, pk, rk);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task DeleteRowAsync(SqliteConnection connection, SqliteTransaction transaction, string pk, string rk, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM entities WHERE tbl = $tbl AND pk = $pk AND rk = $rk";
        AddKeys(command, pk, rk);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A database-wide counter, so an ETag is never reused even after an entity is deleted and re-created.</summary>
    private static async Task<string> NextETagAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE etag_sequence SET value = value + 1 WHERE id = 1 RETURNING value";
        var value = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
        return $"W/\"{value.ToString(CultureInfo.InvariantCulture)}\"";
    }

    private void AddKeys(SqliteCommand command, string pk, string rk)
    {
        command.Parameters.AddWithValue("$tbl", Name);
        command.Parameters.AddWithValue("$pk", pk);
        command.Parameters.AddWithValue("$rk", rk);
    }

    /// <summary>default and * are unconditional; anything else must equal the stored ETag exactly.</summary>
    private static bool Matches(ETag ifMatch, string current) =>
        ifMatch == default || ifMatch == ETag.All || string.Equals(ifMatch.ToString(), current, StringComparison.Ordinal);

    private static T Materialize(string pk, string rk, string etag, string ts, string data) =>
        EntityMapper.FromProperties<T>(pk, rk, new ETag(etag),
            new DateTimeOffset(long.Parse(ts, CultureInfo.InvariantCulture), TimeSpan.Zero), SqlitePayload.Read(data));

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
