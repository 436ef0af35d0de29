namespace BotService.Storage;

public sealed class AzureTablesStorageOptions
{
    /// <summary>Account-key or SAS connection string (or UseDevelopmentStorage=true). Wins over <see cref="Endpoint"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Table endpoint for Entra ID auth (DefaultAzureCredential: managed identity in Azure), e.g. https://account.table.core.windows.net.</summary>
    public string? Endpoint { get; set; }
}
