using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Storage;

public sealed class StorageServiceCollectionExtensionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddTableStorage(configuration).BuildServiceProvider();
    }

    [Fact]
    public void Sqlite_is_the_default_and_uses_the_configured_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "botservice-tests", Guid.NewGuid().ToString("N"), "x.db");
        using var provider = Build(new() { ["Storage:Sqlite:Path"] = path });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var store = Assert.IsType<SqliteTableStore>(provider.GetRequiredService<ITableStore>());
        Assert.Equal(path, store.DatabasePath);
        Assert.Same(store, provider.GetRequiredService<ITableStore>());
    }

    [Fact]
    public void AzureTables_without_connection_string_or_endpoint_fails_at_start_naming_the_keys()
    {
        using var provider = Build(new() { ["Storage:Provider"] = "AzureTables" });
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Storage:AzureTables:ConnectionString or Storage:AzureTables:Endpoint is required when Storage:Provider is AzureTables", ex.Message);
    }

    [Fact]
    public void AzureTables_with_a_broken_connection_string_fails_at_start_naming_the_key()
    {
        using var provider = Build(new() { ["Storage:Provider"] = "AzureTables", ["Storage:AzureTables:ConnectionString"] = "AccountName=x" });
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Storage:AzureTables:ConnectionString", ex.Message);
    }

    [Fact]
    public void AzureTables_with_a_connection_string_registers_the_azure_store()
    {
        using var provider = Build(new() { ["Storage:Provider"] = "AzureTables", ["Storage:AzureTables:ConnectionString"] = "UseDevelopmentStorage=true" });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var store = Assert.IsType<AzureTableStore>(provider.GetRequiredService<ITableStore>());
        Assert.Equal("AzureTables", store.ProviderName);
    }

    [Fact]
    public void Connection_strings_resolve_endpoints()
    {
        var dev = TableConnectionString.Parse("UseDevelopmentStorage=true");
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), dev.TableEndpoint);
        Assert.Equal("devstoreaccount1", dev.AccountName);

        var cloud = TableConnectionString.Parse("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn");
        Assert.Equal(new Uri("https://acct.table.core.chinacloudapi.cn"), cloud.TableEndpoint);
        Assert.DoesNotContain("a2V5", cloud.ToString());
    }
}
