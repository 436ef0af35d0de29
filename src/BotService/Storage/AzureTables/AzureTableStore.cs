using System.Collections.Concurrent;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;

namespace BotService.Storage.AzureTables;

/// <summary>
/// The storage contract on Azure Table storage (or Azurite) through the Azure SDK's <see cref="TableServiceClient"/>.
/// The SDK owns the wire: requests, authentication, retries, diagnostics. This adapter adds what the contract needs
/// beyond it: tables created on first use (and again if they vanish), one-partition batches, our exceptions, and the
/// read-back that tells a write whose answer was lost from a real conflict.
/// </summary>
public sealed class AzureTableStore : ITableStore
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, TableClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A store over a configured client. Build the client's options with <see cref="ConfigureClientOptions"/>:
    /// without its attempt counting the store cannot recognise a retried write's own conflict, and reports it.
    /// </summary>
    public AzureTableStore(TableServiceClient service)
    {
        ArgumentNullException.ThrowIfNull(service);
        Service = service;
    }

    /// <summary>A store on a connection string (account key, SAS, or <c>UseDevelopmentStorage=true</c>).</summary>
    public AzureTableStore(string connectionString, TableClientOptions? options = null)
        : this(new TableServiceClient(connectionString, ConfigureClientOptions(options ?? new TableClientOptions())))
    {
    }

    public TableServiceClient Service { get; }

    public string ProviderName => "AzureTables";

    /// <summary>
    /// Our settings for the SDK's pipeline. Storage answers in milliseconds, so a short first back-off keeps a hiccup
    /// from stalling an SMS reply; the attempt-counting policy feeds the lost-response read-back.
    /// </summary>
    public static TableClientOptions ConfigureClientOptions(TableClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
        options.AddPolicy(AttemptCountingPolicy.Instance, HttpPipelinePosition.PerRetry);
        return options;
    }

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new()
    {
        EntityMapper.ValidateTableName(tableName);
        return new AzureTable<T>(this, tableName);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var page in Service.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken).AsPages(pageSizeHint: 1))
                return page.GetRawResponse().Status == 200;
            return true;
        }
        catch (Exception ex) when (ex is RequestFailedException or IOException or AggregateException
                                   || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // Unreachable after the pipeline's retries (an AggregateException of the tries) or timed out.
            return false;
        }
    }

    /// <summary>
    /// Sends one call against a table, creating the table on first use. If the table vanished since (someone deleted
    /// it, or an in-memory Azurite restarted), it is created again and the call sent once more. With
    /// <paramref name="attempts"/>, the pipeline counts the call's tries on it.
    /// </summary>
    internal async Task<TResult> SendAsync<TResult>(string table, RequestAttempts? attempts,
        Func<TableClient, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken)
    {
        var client = await EnsureTableAsync(table, cancellationToken);
        try
        {
            return await SendOnceAsync(client, attempts, call, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.ErrorCode == AzureTableErrors.TableNotFound)
        {
            _created.TryRemove(table, out _);
            client = await EnsureTableAsync(table, cancellationToken);
            return await SendOnceAsync(client, attempts, call, cancellationToken);
        }
    }

    private static async Task<TResult> SendOnceAsync<TResult>(TableClient client, RequestAttempts? attempts,
        Func<TableClient, CancellationToken, Task<TResult>> call, CancellationToken cancellationToken)
    {
        if (attempts is null) return await call(client, cancellationToken);
        attempts.Reset();
        using var scope = HttpPipeline.CreateHttpMessagePropertiesScope(attempts.Properties);
        return await call(client, cancellationToken);
    }

    private async Task<TableClient> EnsureTableAsync(string table, CancellationToken cancellationToken)
    {
        var client = _clients.GetOrAdd(table, Service.GetTableClient);
        var creation = _created.GetOrAdd(table, _ => new Lazy<Task>(() => CreateAsync(client)));
        try
        {
            await creation.Value.WaitAsync(cancellationToken);
        }
        catch when (creation.Value.IsFaulted || creation.Value.IsCanceled)
        {
            // Don't keep a failure (storage may have been down for a moment): the next call tries again.
            _created.TryRemove(new KeyValuePair<string, Lazy<Task>>(table, creation));
            throw;
        }
        return client;
    }

    private static async Task CreateAsync(TableClient client) =>
        // No caller's token: several callers may be waiting for this one creation.
        await client.CreateIfNotExistsAsync(CancellationToken.None);
}
