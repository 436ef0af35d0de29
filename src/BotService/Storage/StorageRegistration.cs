using Azure.Data.Tables;
using Azure.Identity;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Options;

namespace BotService.Storage;

public static class StorageRegistration
{
    /// <summary>Binds the <c>Storage</c> section, validates it at start-up, and registers the chosen <see cref="ITableStore"/> as a singleton.</summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();

        // The Azure SDK's own registration: the client factory owns the credential, retries and diagnostics, and
        // forwards the SDK's log events to ILogger. Nothing is built until a table store on Azure is first resolved.
        services.AddAzureClients(clients => clients
            .AddClient<TableServiceClient, TableClientOptions>((options, credential, provider) =>
            {
                // Read from the validated options at resolve time, so every configuration source (test hosts included) counts.
                var azure = provider.GetRequiredService<IOptions<StorageOptions>>().Value.AzureTables;
                return string.IsNullOrWhiteSpace(azure.ConnectionString)
                    ? new TableServiceClient(new Uri(azure.Endpoint!), credential, options)
                    : new TableServiceClient(azure.ConnectionString, options);
            })
            .WithCredential(_ => new DefaultAzureCredential())
            .ConfigureOptions(options => AzureTableStore.ConfigureClientOptions(options)));

        services.AddSingleton<ITableStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider switch
            {
                StorageProvider.AzureTables => new AzureTableStore(provider.GetRequiredService<TableServiceClient>()),
                // Relative paths are relative to the app root (where appsettings.json and data/ live), not the process's cwd.
                _ => new SqliteTableStore(provider.GetService<AppPaths>()?.Resolve(options.Sqlite.Path) ?? options.Sqlite.Path,
                    options.Sqlite.RowCacheEntries),
            };
        });
        return services;
    }
}
