using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace BotService.Storage.Sqlite;

/// <summary>
/// The embedded store: every logical table lives in one SQLite file as rows of a single <c>entities</c> table keyed by
/// (table, PartitionKey, RowKey), with the columns in a typed JSON payload. Writes go through one group-commit writer
/// (<see cref="SqliteWriter"/>) in BEGIN IMMEDIATE transactions, so conditional updates never race; reads run
/// concurrently on a small pool of connections thanks to WAL.
/// </summary>
public sealed class SqliteTableStore : ITableStore, IDisposable
{
    // Idle read connections kept open; a burst beyond this opens extra ones and closes them when it is over.
    private const int MaxIdleReaders = 16;
    private readonly string _connectionString;
    private readonly SqliteWriter _writer;
    private readonly ConcurrentBag<SqliteSession> _idleReaders = [];
    private volatile bool _disposed;

    /// <param name="path">The database file; its folder is created if missing.</param>
    /// <param name="rowCacheEntries">How many point-read rows to keep in memory (0: none). Only for a process that is
    /// the sole writer of the file; see <see cref="SqliteRowCache"/>.</param>
    public SqliteTableStore(string path, int rowCacheEntries = 0)
        : this(path, rowCacheEntries, SqliteWriter.DefaultCheckpointInterval, SqliteWriter.DefaultRestartWalAfterFrames)
    {
    }

    /// <summary>Tests shrink the checkpoint timing to see WAL behaviour that otherwise takes minutes of load.</summary>
    internal SqliteTableStore(string path, int rowCacheEntries, TimeSpan checkpointInterval, int restartWalAfterFrames)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowCacheEntries);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            // The store keeps its own connections open (each with its prepared statements), so the driver's pool
            // would only keep closed ones alive behind our back.
            Pooling = false,
            // Another process (a second instance, a migration tool) may hold the write lock for a moment.
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = fullPath;
        EnsureSchema();
        RowCache = rowCacheEntries > 0 ? new SqliteRowCache(rowCacheEntries) : null;
        _writer = new SqliteWriter(_connectionString, RowCache, checkpointInterval, restartWalAfterFrames);
    }

    internal SqliteRowCache? RowCache { get; }

    /// <summary>The database file in use.</summary>
    public string DatabasePath { get; }

    public string ProviderName => "Sqlite";

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new()
    {
        EntityMapper.ValidateTableName(tableName);
        return new SqliteTable<T>(this, tableName);
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var healthy = Read(session => Convert.ToInt64(session.Command("SELECT 1").ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1);
            return Task.FromResult(healthy);
        }
        catch (SqliteException)
        {
            return Task.FromResult(false);
        }
    }

    /// <summary>Runs <paramref name="read"/> on a pooled read connection (autocommit: each statement sees the latest commit).</summary>
    internal TResult Read<TResult>(Func<SqliteSession, TResult> read)
    {
        var session = _idleReaders.TryTake(out var idle) ? idle : OpenReader();
        var healthy = false;
        try
        {
            var result = read(session);
            healthy = true;
            return result;
        }
        catch (Exception ex) when (ex is not SqliteException)
        {
            // A mapping or validation error says nothing about the connection.
            healthy = true;
            throw;
        }
        finally
        {
            if (healthy && !_disposed && _idleReaders.Count < MaxIdleReaders) _idleReaders.Add(session);
            else session.Dispose();
        }
    }

    private SqliteSession OpenReader()
    {
        var session = SqliteSession.Open(_connectionString);
        // A reader's page cache is emptied whenever another connection commits, which under load is every few
        // milliseconds, so the default 2 MB each would only be memory held by idle connections.
        session.Execute("PRAGMA cache_size = -256");
        return session;
    }

    /// <summary>Queues <paramref name="work"/> for the group-commit writer; completes after its transaction committed.</summary>
    internal Task<TResult> WriteAsync<TResult>(Func<SqliteWriteContext, TResult> work, CancellationToken cancellationToken,
        bool needsSavepoint = false) =>
        _writer.WriteAsync(work, needsSavepoint, cancellationToken);

    private void EnsureSchema()
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        // WITHOUT ROWID keeps each partition's rows clustered in key order, which is what range queries read.
        // TEXT compares with BINARY collation, i.e. by UTF-8 bytes: ordinal order, as the table service sorts keys.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA busy_timeout = 30000;
            CREATE TABLE IF NOT EXISTS entities (
                tbl TEXT NOT NULL,
                pk TEXT NOT NULL,
                rk TEXT NOT NULL,
                etag TEXT NOT NULL,
                ts TEXT NOT NULL,
                data TEXT NOT NULL,
                PRIMARY KEY (tbl, pk, rk)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS etag_sequence (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
            INSERT OR IGNORE INTO etag_sequence (id, value) VALUES (1, 0);
            """;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        // Closes the open connections so the file (and its -wal) is released. The store keeps working after this, one
        // connection per call: a hosted service's StopAsync may still write (a lease release) while the container
        // disposes singletons.
        _disposed = true;
        _writer.Dispose();
        while (_idleReaders.TryTake(out var session)) session.Dispose();
    }
}
