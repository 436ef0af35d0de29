using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BotService.Storage.AzureTables;

/// <summary>
/// A thin client for the Azure Table REST API (and Azurite) on Azure.Core's pipeline: retries, logging and auth come
/// from the pipeline; this class builds requests and maps the service's answers onto the storage contract.
/// </summary>
public sealed class AzureTableStore : ITableStore
{
    internal const string ApiVersion = "2019-02-02";
    internal const string JsonMetadata = "application/json;odata=minimalmetadata";
    private const string StorageScope = "https://storage.azure.com/.default";

    private readonly ConcurrentDictionary<string, Task> _createdTables = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Authenticates with the account key of a connection string (SharedKeyLite).</summary>
    public AzureTableStore(string connectionString, AzureTableStoreOptions? options = null)
    {
        var parsed = TableConnectionString.Parse(connectionString);
        Endpoint = parsed.TableEndpoint;
        Pipeline = HttpPipelineBuilder.Build(options ?? new AzureTableStoreOptions(), [],
            [new SharedKeyLitePolicy(parsed.AccountName, parsed.AccountKey)], new ResponseClassifier());
    }

    /// <summary>Authenticates with Entra ID (e.g. DefaultAzureCredential), for deployments without account keys.</summary>
    public AzureTableStore(Uri endpoint, TokenCredential credential, AzureTableStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credential);
        Endpoint = new Uri(endpoint.ToString().TrimEnd('/'));
        Pipeline = HttpPipelineBuilder.Build(options ?? new AzureTableStoreOptions(), [],
            [new BearerTokenAuthenticationPolicy(credential, StorageScope)], new ResponseClassifier());
    }

    internal Uri Endpoint { get; }

    internal HttpPipeline Pipeline { get; }

    public string ProviderName => "AzureTables";

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new()
    {
        EntityMapper.ValidateTableName(tableName);
        return new AzureTable<T>(this, tableName);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var message = CreateMessage(RequestMethod.Get, "/Tables", "$top=1");
            await Pipeline.SendAsync(message, cancellationToken);
            return message.Response.Status == 200;
        }
        catch (Exception ex) when (ex is RequestFailedException or IOException or AggregateException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable after the pipeline's retries (an AggregateException of the tries) or timed out.
            return false;
        }
    }

    /// <summary>A request with the headers every Table call needs. <paramref name="path"/> and <paramref name="query"/> are already encoded.</summary>
    internal HttpMessage CreateMessage(RequestMethod method, string path, string? query = null)
    {
        var message = Pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(Endpoint);
        request.Uri.AppendPath(path, escape: false);
        if (!string.IsNullOrEmpty(query)) request.Uri.Query = "?" + query;
        request.Headers.SetValue("x-ms-version", ApiVersion);
        request.Headers.SetValue("Accept", JsonMetadata);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    /// <summary>
    /// Sends a request against a table, creating the table on first use. If the table vanished since (someone
    /// deleted it, or Azurite restarted in memory), it is created again and the request retried once.
    /// </summary>
    internal async Task<HttpMessage> SendAsync(string table, Func<HttpMessage> createMessage, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(table, cancellationToken);
        var message = createMessage();
        await Pipeline.SendAsync(message, cancellationToken);
        if (message.Response.Status == 404 && ErrorCode(message.Response) == "TableNotFound")
        {
            message.Dispose();
            _createdTables.TryRemove(table, out _);
            await EnsureTableAsync(table, cancellationToken);
            message = createMessage();
            await Pipeline.SendAsync(message, cancellationToken);
        }
        return message;
    }

    internal static string ErrorCode(Response response) =>
        response.Headers.TryGetValue("x-ms-error-code", out var code) && !string.IsNullOrEmpty(code)
            ? code
            : TableWireFormat.ReadError(response.Content.ToMemory().Span).Code;

    private Task EnsureTableAsync(string table, CancellationToken cancellationToken)
    {
        var task = _createdTables.GetOrAdd(table, t => CreateTableAsync(t, CancellationToken.None));
        if (task.IsFaulted || task.IsCanceled)
        {
            // Don't cache a failure (storage may have been down for a moment): the next call tries again.
            _createdTables.TryRemove(new KeyValuePair<string, Task>(table, task));
        }
        return task.WaitAsync(cancellationToken);
    }

    private async Task CreateTableAsync(string table, CancellationToken cancellationToken)
    {
        try
        {
            using var message = CreateMessage(RequestMethod.Post, "/Tables");
            message.Request.Headers.SetValue("Content-Type", "application/json");
            message.Request.Headers.SetValue("Prefer", "return-no-content");
            message.Request.Content = RequestContent.Create(BinaryData.FromObjectAsJson(new { TableName = table }));
            await Pipeline.SendAsync(message, cancellationToken);
            var status = message.Response.Status;
            if (status is 201 or 204) return;
            if (status == 409 && ErrorCode(message.Response) == "TableAlreadyExists") return;
            throw AzureTableErrors.From(message.Response, table);
        }
        catch
        {
            _createdTables.TryRemove(table, out _);
            throw;
        }
    }
}
