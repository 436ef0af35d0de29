using Microsoft.Data.Sqlite;

namespace BotService.Storage.Sqlite;

/// <summary>
/// One open connection plus the commands prepared on it. Parsing and planning a statement costs more than running one of
/// ours, so each distinct SQL text is prepared once per connection and reused with fresh parameter values. A session is
/// used by one caller at a time: the readers' pool hands it out, the group-commit writer owns its own.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    // The distinct statements this store issues are a few dozen; the bound only guards against a caller building SQL
    // with values inlined (which none should).
    private const int MaxCachedCommands = 64;
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

    private SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public static SqliteSession Open(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var pragma = connection.CreateCommand();
            // Both are per connection (only journal_mode is stored in the file). Without synchronous = NORMAL every
            // commit would fsync the WAL (FULL): several times slower and safer only against power loss, where WAL +
            // NORMAL still keeps the database consistent. mmap_size stays 0: measured under load, remapping after the
            // file grows (munmap, page faults, TLB shootdowns) cost more CPU than the read() copies it saves.
            pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
            pragma.ExecuteNonQuery();
            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The prepared command for <paramref name="sql"/>. Its parameters keep their last values: every caller sets
    /// all the parameters its SQL text names (with <see cref="SqliteSessionExtensions.Set"/>) before running it.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            if (_commands.Count >= MaxCachedCommands) ClearCommands();
            command = Connection.CreateCommand();
            command.CommandText = sql;
            _commands[sql] = command;
        }
        return command;
    }

    /// <summary>Runs a statement that returns no rows. The writer's BEGIN/COMMIT/SAVEPOINT go through here as plain SQL, so
    /// commands need no SqliteTransaction object attached.</summary>
    public void Execute(string sql) => Command(sql).ExecuteNonQuery();

    private void ClearCommands()
    {
        foreach (var command in _commands.Values) command.Dispose();
        _commands.Clear();
    }

    public void Dispose()
    {
        ClearCommands();
        Connection.Dispose();
    }
}
