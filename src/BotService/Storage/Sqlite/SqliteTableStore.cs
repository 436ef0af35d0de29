using Microsoft.Data.Sqlite;

namespace BotService.Storage.Sqlite;

/// <summary>
/// The embedded store: every logical table lives in one SQLite file as rows of a single <c>entities</c> table keyed by
/// (table, PartitionKey, RowKey), with the columns in a typed JSON payload. Writes are serialized in-process and run in
/// BEGIN IMMEDIATE transactions, so conditional updates never race; reads run concurrently thanks to WAL.
/// </summary>
public sealed class SqliteTableStore : ITableStore, IDisposable
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private static readonly object Configured = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configuredHandles = new();
    private int _schemaReady;

    public SqliteTableStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Another process (a second instance, a migration tool) may hold the write lock for a moment.
            DefaultTimeout = 30,
        }.ToString();
        DatabasePath = fullPath;
        EnsureSchema();
    }

    /// <summary>The database file in use.</summary>
    public string DatabasePath { get; }

    public string ProviderName => "Sqlite";

    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new()
    {
        EntityMapper.ValidateTableName(tableName);
        return new SqliteTable<T>(this, tableName);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT 1";
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 1;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    internal async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            // Pooled connections keep their per-connection settings, so set them once per underlying handle rather
            // than on every open (a statement per storage call on the webhook's hot path).
            var handle = connection.Handle!;
            if (!_configuredHandles.TryGetValue(handle, out _))
            {
                await using var pragma = connection.CreateCommand();
                // Both are per connection (only journal_mode is stored in the file): without synchronous = NORMAL every
                // commit would fsync the WAL (FULL), several times slower and no safer against anything but power
                // loss, where WAL + NORMAL still keeps the database consistent.
                pragma.CommandText = "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;";
                await pragma.ExecuteNonQueryAsync(cancellationToken);
                _configuredHandles.AddOrUpdate(handle, Configured);
            }
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one IMMEDIATE transaction while holding the process-wide write lock.</summary>
    internal async Task<TResult> WriteAsync<TResult>(Func<SqliteConnection, SqliteTransaction, Task<TResult>> work, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenAsync(cancellationToken);
            // deferred: false issues BEGIN IMMEDIATE, taking the file's write lock up front so a read-then-write
            // can't be upgraded into SQLITE_BUSY by another process.
            await using var transaction = connection.BeginTransaction(deferred: false);
            var result = await work(connection, transaction);
            await transaction.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void EnsureSchema()
    {
        if (Interlocked.Exchange(ref _schemaReady, 1) == 1) return;
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
        // The write lock is deliberately not disposed: a hosted service's StopAsync may still write (a lease release)
        // while the container disposes singletons, and SemaphoreSlim needs no disposal unless its wait handle was used.
        // Pooled connections would keep the file (and its -wal) open after the store is gone.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }
}
