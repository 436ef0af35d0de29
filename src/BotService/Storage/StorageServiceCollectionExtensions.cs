using Azure.Identity;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace BotService.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>Binds the <c>Storage</c> section, validates it at start-up, and registers the chosen <see cref="ITableStore"/> as a singleton.</summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Bind(configuration.GetSection(StorageOptions.SectionName))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddSingleton<ITableStore>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider switch
            {
                StorageProvider.AzureTables when !string.IsNullOrWhiteSpace(options.AzureTables.ConnectionString)
                    => new AzureTableStore(options.AzureTables.ConnectionString),
                StorageProvider.AzureTables => new AzureTableStore(new Uri(options.AzureTables.Endpoint!), new DefaultAzureCredential()),
                // Relative paths are relative to the app root (where appsettings.json and data/ live), not the process's cwd.
                _ => new SqliteTableStore(provider.GetService<BotService.Hosting.AppPaths>()?.Resolve(options.Sqlite.Path) ?? options.Sqlite.Path,
                    options.Sqlite.RowCacheEntries),
            };
        });
        return services;
    }
}
