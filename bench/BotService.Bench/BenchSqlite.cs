using BotService.Storage.Sqlite;

namespace BotService.Bench;

/// <summary>A SQLite store in a fresh temp folder for one benchmark iteration; disposing it removes the folder.</summary>
internal sealed class BenchSqlite : IDisposable
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "botservice-bench", Guid.NewGuid().ToString("N"));
    public SqliteTableStore Store { get; }

    public BenchSqlite() => Store = new SqliteTableStore(Path.Combine(Folder, "bot.db"));

    public void Dispose()
    {
        Store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
