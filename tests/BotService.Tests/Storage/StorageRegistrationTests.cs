using Azure.Data.Tables;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Storage;

public sealed class StorageRegistrationTests
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
    public void AzureTables_with_a_broken_connection_string_fails_at_start_naming_the_key_but_not_the_secret()
    {
        using var provider = Build(new() { ["Storage:Provider"] = "AzureTables", ["Storage:AzureTables:ConnectionString"] = "AccountKey=c2VjcmV0" });
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Storage:AzureTables:ConnectionString", ex.Message);
        Assert.DoesNotContain("c2VjcmV0", ex.Message);
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
    public void AzureTables_with_a_connection_string_uses_its_account_and_endpoint()
    {
        using var provider = Build(new()
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:AzureTables:ConnectionString"] = "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.chinacloudapi.cn",
            ["Storage:AzureTables:Endpoint"] = "https://ignored.table.core.windows.net",
        });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var store = Assert.IsType<AzureTableStore>(provider.GetRequiredService<ITableStore>());
        Assert.Equal("acct", store.Service.AccountName);
        Assert.Equal("acct.table.core.chinacloudapi.cn", store.Service.Uri.Host);
        Assert.Same(provider.GetRequiredService<TableServiceClient>(), store.Service);
    }

    [Fact]
    public void AzureTables_with_only_an_endpoint_uses_it_with_the_default_credential()
    {
        // Managed identity in Azure: no secret in configuration. Nothing is requested until the first call.
        using var provider = Build(new()
        {
            ["Storage:Provider"] = "AzureTables",
            ["Storage:AzureTables:Endpoint"] = "https://acct.table.core.windows.net",
        });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var store = Assert.IsType<AzureTableStore>(provider.GetRequiredService<ITableStore>());
        Assert.Equal(new Uri("https://acct.table.core.windows.net"), store.Service.Uri);
        Assert.Equal("acct", store.Service.AccountName);
    }

    [Fact]
    public void AzureTables_with_an_endpoint_that_is_not_a_url_fails_at_start_naming_the_key()
    {
        using var provider = Build(new() { ["Storage:Provider"] = "AzureTables", ["Storage:AzureTables:Endpoint"] = "acct.table" });
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("Storage:AzureTables:Endpoint", ex.Message);
    }
}
