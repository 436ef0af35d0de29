namespace BotService.Storage;

public sealed class SqliteStorageOptions
{
    /// <summary>Relative paths resolve against the working directory; the folder is created if missing.</summary>
    public string Path { get; set; } = "data/bot.db";

    /// <summary>
    /// Rows kept in memory after a point read (a member's profile, dialog state, the absence of an opt-out...), so her
    /// next turn need not read them again. Exact as long as this process is the only writer of the file, which is how
    /// the embedded store is meant to run; another writer's changes are noticed at the next write. 0 turns it off.
    /// </summary>
    public int RowCacheEntries { get; set; } = 20_000;
}
