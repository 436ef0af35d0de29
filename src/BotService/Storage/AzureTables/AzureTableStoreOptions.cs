using Azure.Core;

namespace BotService.Storage.AzureTables;

/// <summary>Pipeline options of the table client: retries, timeouts, and (for tests) the transport.</summary>
public sealed class AzureTableStoreOptions : ClientOptions
{
    public AzureTableStoreOptions()
    {
        // Storage answers in milliseconds; a short first back-off keeps a hiccup from stalling an SMS reply.
        Retry.Mode = RetryMode.Exponential;
        Retry.MaxRetries = 3;
        Retry.Delay = TimeSpan.FromMilliseconds(200);
        Retry.MaxDelay = TimeSpan.FromSeconds(5);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
    }
}
