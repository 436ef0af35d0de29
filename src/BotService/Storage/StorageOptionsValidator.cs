using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace BotService.Storage;

/// <summary>Fails start-up with messages that name the configuration key to fix.</summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(options.Sqlite.Path))
                    failures.Add("Storage:Sqlite:Path must not be empty when Storage:Provider is Sqlite.");
                if (options.Sqlite.RowCacheEntries < 0)
                    failures.Add("Storage:Sqlite:RowCacheEntries must be 0 (off) or more.");
                break;
            case StorageProvider.AzureTables:
                var connectionString = options.AzureTables.ConnectionString;
                var endpoint = options.AzureTables.Endpoint;
                if (string.IsNullOrWhiteSpace(connectionString) && string.IsNullOrWhiteSpace(endpoint))
                {
                    failures.Add("Storage:AzureTables:ConnectionString or Storage:AzureTables:Endpoint is required when Storage:Provider is AzureTables.");
                }
                else if (!string.IsNullOrWhiteSpace(connectionString))
                {
                    try
                    {
                        // The SDK parses it: the same parser that will use it.
                        _ = new TableServiceClient(connectionString);
                    }
                    catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException)
                    {
                        // Not the SDK's message: it may quote the string, account key and all.
                        failures.Add("Storage:AzureTables:ConnectionString is invalid: expected AccountName and AccountKey " +
                                     "(or TableEndpoint and SharedAccessSignature), or UseDevelopmentStorage=true.");
                    }
                }
                else if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                {
                    failures.Add($"Storage:AzureTables:Endpoint must be an absolute http(s) URL; got '{endpoint}'.");
                }
                break;
            default:
                failures.Add($"Storage:Provider '{options.Provider}' is unknown; use Sqlite or AzureTables.");
                break;
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
