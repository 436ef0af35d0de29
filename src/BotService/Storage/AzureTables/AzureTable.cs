using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Core;

namespace BotService.Storage.AzureTables;

/// <summary>One table of an <see cref="AzureTableStore"/>.</summary>
public sealed class AzureTable<T> : ITable<T> where T : class, ITableEntity, new()
{
    private const int MaxPageSize = 1000;
    private static readonly RequestMethod Merge = new("MERGE");
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
        return stored is null ? null : ToEntity(stored);
    }

    public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) =>
        WriteAsync(TableOperationKind.Insert, entity, default, cancellationToken);

    public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        WriteAsync(TableOperationKind.Replace, entity, ifMatch, cancellationToken);

    public Task<ETag> MergeAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) =>
        WriteAsync(TableOperationKind.Merge, entity, ifMatch, cancellationToken);

    public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) =>
        WriteAsync(TableOperationKind.Upsert, entity, default, cancellationToken);

    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        EntityMapper.ValidateKey("RowKey", rowKey);
        using var message = await _store.SendAsync(Name, () =>
        {
            var m = _store.CreateMessage(RequestMethod.Delete, EntityPath(partitionKey, rowKey));
            m.Request.Headers.SetValue("If-Match", IfMatchHeader(ifMatch));
            return m;
        }, cancellationToken);
        return message.Response.Status switch
        {
            204 => true,
            // After a retry, 404 most likely means our own lost first try deleted it.
            404 => message.ProcessingContext.RetryNumber > 0,
            _ => throw AzureTableErrors.From(message.Response, Name, partitionKey, rowKey),
        };
    }

    public async Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
        string? continuationToken = null, CancellationToken cancellationToken = default)
    {
        EntityMapper.ValidateKey("PartitionKey", partitionKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        pageSize = Math.Min(pageSize, MaxPageSize);

        var filter = new StringBuilder("PartitionKey eq ").Append(Literal(partitionKey));
        if (range?.From is not null) filter.Append(" and RowKey ge ").Append(Literal(range.From));
        if (range?.To is not null) filter.Append(" and RowKey lt ").Append(Literal(range.To));
        var query = new StringBuilder("$filter=").Append(Uri.EscapeDataString(filter.ToString()))
            .Append("&$top=").Append(pageSize.ToString(CultureInfo.InvariantCulture));
        if (continuationToken is not null)
        {
            var (nextPk, nextRk) = DecodeToken(continuationToken);
            query.Append("&NextPartitionKey=").Append(Uri.EscapeDataString(nextPk));
            if (nextRk.Length > 0) query.Append("&NextRowKey=").Append(Uri.EscapeDataString(nextRk));
        }

        using var message = await _store.SendAsync(Name, () => _store.CreateMessage(RequestMethod.Get, "/" + Name + "()", query.ToString()), cancellationToken);
        var response = message.Response;
        if (response.Status != 200) throw AzureTableErrors.From(response, Name, partitionKey);

        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var items = new List<T>();
        foreach (var element in document.RootElement.GetProperty("value").EnumerateArray())
            items.Add(ToEntity(TableWireFormat.ReadEntity(element, Schema)));

        string? next = null;
        if (response.Headers.TryGetValue("x-ms-continuation-NextPartitionKey", out var npk) && !string.IsNullOrEmpty(npk))
        {
            response.Headers.TryGetValue("x-ms-continuation-NextRowKey", out var nrk);
            next = EncodeToken(npk, nrk ?? "");
        }
        return new TablePage<T>(items, next);
    }

    public async Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default)
    {
        var (_, properties) = TableBatchValidation.Validate(operations);
        var parts = new TableBatchWire.Part[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var op = operations[i];
            var (pk, rk) = (op.Entity.PartitionKey, op.Entity.RowKey);
            var json = properties[i] is { } props ? TableWireFormat.WriteEntity(pk, rk, props) : null;
            var entityUrl = _store.Endpoint + EntityPath(pk, rk);
            parts[i] = op.Kind switch
            {
                TableOperationKind.Insert => new TableBatchWire.Part("POST", _store.Endpoint + "/" + Name, null, json),
                TableOperationKind.Replace => new TableBatchWire.Part("PUT", entityUrl, IfMatchHeader(op.IfMatch), json),
                TableOperationKind.Merge => new TableBatchWire.Part("MERGE", entityUrl, IfMatchHeader(op.IfMatch), json),
                TableOperationKind.Upsert => new TableBatchWire.Part("PUT", entityUrl, null, json),
                TableOperationKind.Delete => new TableBatchWire.Part("DELETE", entityUrl, IfMatchHeader(op.IfMatch), null),
                _ => throw new ArgumentOutOfRangeException(nameof(operations), op.Kind, "Unknown operation kind."),
            };
        }
        var (body, contentType) = TableBatchWire.Build(parts);

        using var message = await _store.SendAsync(Name, () =>
        {
            var m = _store.CreateMessage(RequestMethod.Post, "/$batch");
            m.Request.Headers.SetValue("Content-Type", contentType);
            m.Request.Content = RequestContent.Create(body);
            return m;
        }, cancellationToken);
        var response = message.Response;
        if (response.Status != 202) throw AzureTableErrors.From(response, Name, operations[0].Entity.PartitionKey);

        response.Headers.TryGetValue("Content-Type", out var responseType);
        var answers = TableBatchWire.Parse(responseType ?? "", response.Content.ToString());
        var failed = answers.FindIndex(a => a.Status >= 300);
        if (failed >= 0 || answers.Count != operations.Count)
        {
            var answer = failed >= 0 ? answers[failed] : answers.LastOrDefault();
            var (code, text) = TableWireFormat.ReadError(Encoding.UTF8.GetBytes(answer?.Body ?? ""));
            var index = TableBatchWire.FailedIndex(text) ?? (answers.Count == operations.Count ? failed : 0);
            index = Math.Clamp(index, 0, operations.Count - 1);
            var status = answer?.Status ?? 500;
            if (message.ProcessingContext.RetryNumber > 0 && status is 409 or 412 or 404
                && await ReadBackBatchAsync(operations, properties, cancellationToken) is { } applied)
            {
                return applied;
            }
            var entity = operations[index].Entity;
            throw new TableBatchException(index, AzureTableErrors.From(status, code, text, Name, entity.PartitionKey, entity.RowKey));
        }

        var etags = new ETag[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            if (operations[i].Kind == TableOperationKind.Delete) continue;
            etags[i] = answers[i].Headers.TryGetValue("ETag", out var etag) ? new ETag(etag) : default;
            operations[i].Entity.ETag = etags[i];
        }
        return etags;
    }

    private async Task<ETag> WriteAsync(TableOperationKind kind, T entity, ETag ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var properties = EntityMapper.ToProperties(entity);
        var (pk, rk) = (entity.PartitionKey, entity.RowKey);
        var body = TableWireFormat.WriteEntity(pk, rk, properties);
        var (method, path, ifMatchHeader) = kind switch
        {
            TableOperationKind.Insert => (RequestMethod.Post, "/" + Name, null),
            TableOperationKind.Replace => (RequestMethod.Put, EntityPath(pk, rk), IfMatchHeader(ifMatch)),
            TableOperationKind.Merge => (Merge, EntityPath(pk, rk), IfMatchHeader(ifMatch)),
            // PUT without If-Match is the service's insert-or-replace.
            TableOperationKind.Upsert => (RequestMethod.Put, EntityPath(pk, rk), (string?)null),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        using var message = await _store.SendAsync(Name, () =>
        {
            var m = _store.CreateMessage(method, path);
            m.Request.Headers.SetValue("Content-Type", "application/json");
            if (kind == TableOperationKind.Insert) m.Request.Headers.SetValue("Prefer", "return-no-content");
            if (ifMatchHeader is not null) m.Request.Headers.SetValue("If-Match", ifMatchHeader);
            m.Request.Content = RequestContent.Create(body);
            return m;
        }, cancellationToken);

        var response = message.Response;
        if (response.Status is 201 or 204 && response.Headers.TryGetValue("ETag", out var etagHeader))
        {
            entity.ETag = new ETag(etagHeader);
            return entity.ETag;
        }

        // The retry trap: when a try's answer was lost, the write may already have happened, and the retry then
        // collides with our own write (409 on insert, 412 because our write changed the ETag). If what is stored is
        // exactly what we wrote, the write succeeded.
        var conflictFromOwnWrite = (kind, response.Status) is (TableOperationKind.Insert, 409) or (TableOperationKind.Replace or TableOperationKind.Merge, 412);
        if (conflictFromOwnWrite && message.ProcessingContext.RetryNumber > 0)
        {
            var stored = await ReadAsync(pk, rk, cancellationToken);
            if (stored?.ETag is not null && TableWireFormat.SameColumns(properties, stored.Properties, exact: kind != TableOperationKind.Merge))
            {
                entity.ETag = new ETag(stored.ETag);
                return entity.ETag;
            }
        }
        // A conditional write to a missing entity: report it as missing, whatever status the server chose.
        if (response.Status == 412 && kind is TableOperationKind.Replace or TableOperationKind.Merge
            && await ReadAsync(pk, rk, cancellationToken) is null)
        {
            throw new EntityNotFoundException(Name, pk, rk);
        }
        throw AzureTableErrors.From(response, Name, pk, rk);
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
            if (stored?.ETag is null || !TableWireFormat.SameColumns(properties[i]!, stored.Properties, exact: operations[i].Kind != TableOperationKind.Merge))
                return null;
            etags[i] = new ETag(stored.ETag);
        }
        for (var i = 0; i < operations.Count; i++)
            if (operations[i].Kind != TableOperationKind.Delete) operations[i].Entity.ETag = etags[i];
        return etags;
    }

    private async Task<TableWireFormat.WireEntity?> ReadAsync(string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        using var message = await _store.SendAsync(Name, () => _store.CreateMessage(RequestMethod.Get, EntityPath(partitionKey, rowKey)), cancellationToken);
        var response = message.Response;
        if (response.Status == 404) return null;
        if (response.Status != 200) throw AzureTableErrors.From(response, Name, partitionKey, rowKey);
        using var document = JsonDocument.Parse(response.Content.ToMemory());
        var stored = TableWireFormat.ReadEntity(document.RootElement, Schema);
        return response.Headers.TryGetValue("ETag", out var etag) ? stored with { ETag = etag } : stored;
    }

    private static T ToEntity(TableWireFormat.WireEntity stored) =>
        EntityMapper.FromProperties<T>(stored.PartitionKey, stored.RowKey, stored.ETag is null ? default : new ETag(stored.ETag),
            stored.Timestamp, stored.Properties);

    /// <summary><c>/table(PartitionKey='..',RowKey='..')</c>: quotes doubled (OData literal), then percent-encoded.</summary>
    private string EntityPath(string partitionKey, string rowKey) =>
        $"/{Name}(PartitionKey='{Uri.EscapeDataString(partitionKey.Replace("'", "''", StringComparison.Ordinal))}',RowKey='{Uri.EscapeDataString(rowKey.Replace("'", "''", StringComparison.Ordinal))}')";

    private static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string IfMatchHeader(ETag ifMatch) => ifMatch == default ? "*" : ifMatch.ToString();

    private static string EncodeToken(string nextPartitionKey, string nextRowKey) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(nextPartitionKey + "\n" + nextRowKey));

    private static (string PartitionKey, string RowKey) DecodeToken(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            var newline = text.IndexOf('\n');
            if (newline < 0) throw new FormatException("no separator");
            return (text[..newline], text[(newline + 1)..]);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The continuation token is not one this store issued.", nameof(token), ex);
        }
    }
}
