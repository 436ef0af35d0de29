using Azure;
using Azure.Data.Tables;

namespace BotService.Storage.AzureTables;

/// <summary>One table of an <see cref="AzureTableStore"/>: the contract's operations mapped onto <see cref="TableClient"/>.</summary>
public sealed class AzureTable<T> : ITable<T> where T : class, ITableEntity, new()
{
    private const int MaxPageSize = 1000;
    private static readonly IReadOnlyDictionary<string, EdmType> Schema = EntityMapper.Schema(typeof(T));
    private readonly AzureTableStore _store;

    internal AzureTable(AzureTableStore store, string name)
    {
        _store = store;
        Name = name;
    }

    public string Name { get; }

    public async Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        EntityMapper.ValidateKey("RowKey", rowKey);
        var stored = await ReadAsync(partitionKey, rowKey, cancellationToken);
        return stored is null ? null : TableEntityColumns.ToEntity<T>(stored, Schema);
    }

    public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) =>
        WriteAsync(TableOperationKind.Insert, entity, default, cancellationToken);

    public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        WriteAsync(TableOperationKind.Replace, entity, ifMatch, cancellationToken);

    public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) =>
        WriteAsync(TableOperationKind.Upsert, entity, default, cancellationToken);

    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        EntityMapper.ValidateKey("RowKey", rowKey);
        var attempts = new RequestAttempts();
        try
        {
            // The SDK answers a missing entity with its 404 response rather than an exception.
            var response = await _store.SendAsync(Name, attempts,
                (client, token) => client.DeleteEntityAsync(partitionKey, rowKey, Condition(ifMatch), token), cancellationToken);
            // After a retry, 404 most likely means our own lost first try deleted it.
            return response.Status != 404 || attempts.Retried;
        }
        catch (RequestFailedException ex)
        {
            throw AzureTableErrors.From(ex, Name, partitionKey, rowKey);
        }
    }

    public async Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        pageSize = Math.Min(pageSize, MaxPageSize);

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        if (range?.From is { } from) filter += " and " + TableClient.CreateQueryFilter($"RowKey ge {from}");
        if (range?.To is { } to) filter += " and " + TableClient.CreateQueryFilter($"RowKey lt {to}");

        try
        {
            return await _store.SendAsync(Name, null, async (client, token) =>
            {
                var pages = client.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: token).AsPages(continuationToken, pageSize);
                await foreach (var page in pages)
                {
                    var items = new List<T>(page.Values.Count);
                    foreach (var row in page.Values) items.Add(TableEntityColumns.ToEntity<T>(row, Schema));
                    return new TablePage<T>(items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
                }
                return new TablePage<T>([], null);
            }, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            throw AzureTableErrors.From(ex, Name, partitionKey);
        }
    }

    public async Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
    {
        // Azure refuses a transaction that spans partitions; Azurite accepts it. Checking here keeps both honest.
        var (_, properties) = TableBatchValidation.Validate(operations);
        var actions = new TableTransactionAction[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var op = operations[i];
            var row = properties[i] is { } columns
                ? TableEntityColumns.ToTableEntity(op.Entity.PartitionKey, op.Entity.RowKey, columns)
                : new TableEntity(op.Entity.PartitionKey, op.Entity.RowKey);
            actions[i] = op.Kind switch
            {
                TableOperationKind.Insert => new TableTransactionAction(TableTransactionActionType.Add, row),
                TableOperationKind.Replace => new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, Condition(op.IfMatch)),
                TableOperationKind.Upsert => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row),
                TableOperationKind.Delete => new TableTransactionAction(TableTransactionActionType.Delete, row, Condition(op.IfMatch)),
                _ => throw new ArgumentOutOfRangeException(nameof(operations), op.Kind, "Unknown operation kind."),
            };
        }

        var attempts = new RequestAttempts();
        Response<IReadOnlyList<Response>> response;
        try
        {
            response = await _store.SendAsync(Name, attempts, (client, token) => client.SubmitTransactionAsync(actions, token), cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            if (attempts.Retried && ex.Status is 409 or 412 or 404
                && await ReadBackBatchAsync(operations, properties, cancellationToken) is { } applied)
            {
                return applied;
            }
            var index = ex is TableTransactionFailedException failed ? failed.FailedTransactionActionIndex ?? 0 : 0;
            index = Math.Clamp(index, 0, operations.Count - 1);
            var entity = operations[index].Entity;
            throw new TableBatchException(index, AzureTableErrors.From(ex, Name, entity.PartitionKey, entity.RowKey));
        }

        var answers = response.Value;
        var etags = new ETag[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i].Kind == TableOperationKind.Delete) continue;
            etags[i] = i < answers.Count ? answers[i].Headers.ETag ?? default : default;
            operations[i].Entity.ETag = etags[i];
        }
        return etags;
    }

    private async Task<ETag> WriteAsync(TableOperationKind kind, T entity, ETag ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var properties = EntityMapper.ToProperties(entity);
        var (pk, rk) = (entity.PartitionKey, entity.RowKey);
        var row = TableEntityColumns.ToTableEntity(pk, rk, properties);
        var attempts = new RequestAttempts();
        try
        {
            var response = await _store.SendAsync(Name, attempts, (client, token) => kind switch
            {
                TableOperationKind.Insert => client.AddEntityAsync(row, token),
                TableOperationKind.Replace => client.UpdateEntityAsync(row, Condition(ifMatch), TableUpdateMode.Replace, token),
                // The SDK's upsert merges unless told otherwise; the contract's upsert replaces.
                TableOperationKind.Upsert => client.UpsertEntityAsync(row, TableUpdateMode.Replace, token),
                _ => throw new ArgumentOutOfRangeException(nameof(kind)),
            }, cancellationToken);
            entity.ETag = response.Headers.ETag ?? default;
            return entity.ETag;
        }
        catch (RequestFailedException ex)
        {
            // The retry trap: when a try's answer was lost, the write may already have happened, and the retry then
            // collides with our own write (409 on insert, 412 because our write changed the ETag). If what is stored
            // is exactly what we wrote, the write succeeded.
            var conflictFromOwnWrite = (kind, ex.Status) is (TableOperationKind.Insert, 409) or (TableOperationKind.Replace, 412);
            if (conflictFromOwnWrite && attempts.Retried
                && await ReadAsync(pk, rk, cancellationToken) is { } stored
                && TableEntityColumns.SameColumns(properties, TableEntityColumns.Read(stored, Schema)))
            {
                entity.ETag = stored.ETag;
                return entity.ETag;
            }
            // A conditional write to a missing entity: report it as missing, whatever status the server chose.
            if (ex.Status == 412 && kind == TableOperationKind.Replace && await ReadAsync(pk, rk, cancellationToken) is null)
                throw new EntityNotFoundException(Name, pk, rk);
            throw AzureTableErrors.From(ex, Name, pk, rk);
        }
    }

    /// <summary>After a retried batch failed, checks whether the lost first try applied all of it.</summary>
    private async Task<IReadOnlyList<ETag>?> ReadBackBatchAsync(IReadOnlyList<TableOperation<T>> operations,
        Dictionary<string, EntityProperty>?[] properties, CancellationToken cancellationToken)
    {
        var etags = new ETag[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var entity = operations[i].Entity;
            var stored = await ReadAsync(entity.PartitionKey, entity.RowKey, cancellationToken);
            if (operations[i].Kind == TableOperationKind.Delete)
            {
                if (stored is not null) return null;
                continue;
            }
            if (stored is null || !TableEntityColumns.SameColumns(properties[i]!, TableEntityColumns.Read(stored, Schema)))
                return null;
            etags[i] = stored.ETag;
        }
        for (var i = 0; i < operations.Count; i++)
            if (operations[i].Kind != TableOperationKind.Delete) operations[i].Entity.ETag = etags[i];
        return etags;
    }

    private async Task<TableEntity?> ReadAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _store.SendAsync(Name, null,
                (client, token) => client.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: token), cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException ex)
        {
            throw AzureTableErrors.From(ex, Name, partitionKey, rowKey);
        }
    }

    /// <summary>The contract's default ETag means "unconditional", which the service spells <c>*</c>.</summary>
    private static ETag Condition(ETag ifMatch) => ifMatch == default ? ETag.All : ifMatch;
}
