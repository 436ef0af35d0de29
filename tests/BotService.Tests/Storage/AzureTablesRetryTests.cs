using Azure.Core;
using Azure.Data.Tables;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Storage;

/// <summary>
/// Writes whose first answer is lost get retried by the SDK's pipeline; the retry then meets our own earlier write.
/// The store must report success, not a false conflict. The transport forwards every request to the real Azurite.
/// </summary>
[Collection("Azurite")]
public sealed class AzureTablesRetryTests(AzuriteFixture azurite)
{
    private (ITable<CounterEntity> Table, LostResponseTransport Transport) Create(RequestMethod method, bool dataRequestsOnly = true)
    {
        var transport = new LostResponseTransport(r => r.Method == method && (!dataRequestsOnly || !r.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal)));
        var options = AzureTableStore.ConfigureClientOptions(new TableClientOptions { Transport = transport });
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var store = new AzureTableStore(new TableServiceClient(azurite.ConnectionString, options));
        return (store.GetTable<CounterEntity>(azurite.NewTableName("retry")), transport);
    }

    [Fact]
    public async Task Insert_whose_answer_was_lost_succeeds_instead_of_reporting_a_conflict()
    {
        var (table, transport) = Create(RequestMethod.Post);
        var entity = new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1, Note = "first" };

        var etag = await table.InsertAsync(entity);

        Assert.Equal(1, transport.Lost);
        var stored = await table.GetAsync("p", "r");
        Assert.Equal(stored!.ETag, etag);
        Assert.Equal("first", stored.Note);
    }

    [Fact]
    public async Task Conditional_replace_whose_answer_was_lost_succeeds_instead_of_reporting_a_concurrency_conflict()
    {
        var (table, transport) = Create(RequestMethod.Put);
        var original = await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });

        var etag = await table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 }, original);

        Assert.Equal(1, transport.Lost);
        var stored = await table.GetAsync("p", "r");
        Assert.Equal(2, stored!.Count);
        Assert.Equal(stored.ETag, etag);
        // The old version really is stale now: the stale-ETag path still reports a conflict.
        await Assert.ThrowsAsync<EntityConcurrencyException>(() =>
            table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 3 }, original));
    }

    [Fact]
    public async Task The_store_registered_with_AddAzureClients_also_reads_back_a_lost_insert()
    {
        // The host's path: the client comes from the Azure client factory, with our options applied there.
        var transport = new LostResponseTransport(r => r.Method == RequestMethod.Post && !r.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:AzureTables:ConnectionString"] = azurite.ConnectionString,
        }).Build();
        var services = new ServiceCollection().AddTableStorage(configuration);
        services.Configure<TableClientOptions>("Default", options =>
        {
            options.Transport = transport;
            options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        });
        using var provider = services.BuildServiceProvider();
        var table = provider.GetRequiredService<ITableStore>().GetTable<CounterEntity>(azurite.NewTableName("factory"));

        var etag = await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });

        Assert.Equal(1, transport.Lost);
        Assert.Equal(etag, (await table.GetAsync("p", "r"))!.ETag);
    }

    [Fact]
    public async Task Replace_retried_after_someone_else_wrote_still_reports_the_conflict()
    {
        // The lost first try is someone else's write in disguise: the retry's 412 is real, the stored columns differ.
        var (table, transport) = Create(RequestMethod.Put);
        var original = await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });
        transport.MaxLost = 0;
        var otherStore = new AzureTableStore(azurite.ConnectionString).GetTable<CounterEntity>(table.Name);
        await otherStore.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 100 }, original);

        await Assert.ThrowsAsync<EntityConcurrencyException>(() =>
            table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 }, original));
        Assert.Equal(100, (await table.GetAsync("p", "r"))!.Count);
    }

    [Fact]
    public async Task Batch_whose_answer_was_lost_succeeds()
    {
        var (table, transport) = Create(RequestMethod.Post);
        transport.MaxLost = 0;
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "seed" });
        transport.MaxLost = 1;

        var etags = await table.SubmitBatchAsync([
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "a", Count = 1 }),
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "b", Count = 2 }),
        ]);

        Assert.Equal(1, transport.Lost);
        var stored = (await table.QueryPartitionAsync("p")).Items.ToDictionary(e => e.RowKey);
        Assert.Equal(etags[0], stored["a"].ETag);
        Assert.Equal(etags[1], stored["b"].ETag);
    }

    [Fact]
    public async Task Store_recovers_after_storage_restarts_and_loses_its_tables()
    {
        var options = AzureTableStore.ConfigureClientOptions(new TableClientOptions());
        options.Retry.MaxRetries = 1;
        options.Retry.Delay = TimeSpan.FromMilliseconds(10);
        var store = new AzureTableStore(new TableServiceClient(azurite.ConnectionString, options));
        var table = store.GetTable<CounterEntity>(azurite.NewTableName("restart"));
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "before" });

        azurite.Stop();
        try
        {
            Assert.False(await store.IsHealthyAsync());
            await Assert.ThrowsAnyAsync<Exception>(() => table.GetAsync("p", "before"));
        }
        finally
        {
            await azurite.StartAsync();
        }

        // In-memory Azurite came back empty: the cached "table exists" is stale, and the store must recreate it.
        Assert.True(await store.IsHealthyAsync());
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "after", Count = 7 });
        Assert.Equal(7, (await table.GetAsync("p", "after"))!.Count);
        Assert.Null(await table.GetAsync("p", "before"));
    }
}
