namespace BotService.Storage;

/// <summary>
/// The storage contract every feature uses: Azure Tables semantics, implemented by
/// <see cref="Sqlite.SqliteTableStore"/> (embedded default) and <see cref="AzureTables.AzureTableStore"/>.
/// </summary>
public interface ITableStore
{
    /// <summary>A typed view of a table. Cheap; the table is created on first use.</summary>
    ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new();

    /// <summary>True when the store answers a trivial request (used by /healthz).</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default);

    /// <summary>Short name for logs and test names: "Sqlite" or "AzureTables".</summary>
    string ProviderName { get; }
}
