namespace BotService.Storage.AzureTables;

/// <summary>The parts of a storage connection string the table client needs.</summary>
public sealed record TableConnectionString(Uri TableEndpoint, string AccountName, string AccountKey)
{
    /// <summary>Azurite's well-known development account (public, documented, not a secret).</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";
    public const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public static TableConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Account keys are base64 and end in '=': only the first '=' separates name from value.
            var eq = segment.IndexOf('=');
            if (eq <= 0) throw new FormatException($"Connection string segment '{Redact(segment)}' is not Name=Value.");
            parts[segment[..eq].Trim()] = segment[(eq + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? new Uri(p) : new Uri("http://127.0.0.1");
            return new TableConnectionString(new Uri($"{proxy.Scheme}://{proxy.Host}:10002/{DevelopmentAccountName}"),
                DevelopmentAccountName, DevelopmentAccountKey);
        }

        if (!parts.TryGetValue("AccountName", out var account) || account.Length == 0)
            throw new FormatException("The storage connection string has no AccountName.");
        if (!parts.TryGetValue("AccountKey", out var key) || key.Length == 0)
            throw new FormatException("The storage connection string has no AccountKey (SAS connection strings are not supported).");

        Uri endpoint;
        if (parts.TryGetValue("TableEndpoint", out var tableEndpoint) && tableEndpoint.Length > 0)
        {
            endpoint = new Uri(tableEndpoint.TrimEnd('/'));
        }
        else
        {
            var protocol = parts.TryGetValue("DefaultEndpointsProtocol", out var proto) && proto.Length > 0 ? proto : "https";
            var suffix = parts.TryGetValue("EndpointSuffix", out var s) && s.Length > 0 ? s : "core.windows.net";
            endpoint = new Uri($"{protocol}://{account}.table.{suffix}");
        }
        try
        {
            _ = Convert.FromBase64String(key);
        }
        catch (FormatException ex)
        {
            throw new FormatException("The storage connection string's AccountKey is not base64.", ex);
        }
        return new TableConnectionString(endpoint, account, key);
    }

    private static string Redact(string segment) => segment.Length > 12 ? segment[..12] + "…" : segment;

    /// <summary>Never print the key.</summary>
    public override string ToString() => $"TableEndpoint={TableEndpoint};AccountName={AccountName};AccountKey=***";
}
