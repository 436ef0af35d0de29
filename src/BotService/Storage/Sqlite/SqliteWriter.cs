using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace BotService.Storage.Sqlite;

/// <summary>
/// Group commit: every write of the store queues here, and one drain loop applies whatever is queued in a single
/// BEGIN IMMEDIATE transaction. A write that fails its precondition (ETag mismatch, already exists) fails alone and
/// leaves nothing (a single statement is atomic; a batch gets a savepoint to roll back to); the others in the
/// transaction still commit. Callers get
/// their result only after COMMIT, so what they are told is durable and visible to every reader.
/// </summary>
/// <remarks>
/// Why: a commit is the expensive part of a small write (WAL append, locks, sometimes a checkpoint's fsync), and the
/// turns of concurrent members each write two or three rows. One lock per write made the commit rate the ceiling of the
/// whole bot; sharing commits among whatever queued meanwhile removes it without adding any delay when the bot is idle.
/// </remarks>
internal sealed class SqliteWriter : IDisposable
{
    // Bounds how long the first write of a large burst waits for the others to finish.
    private const int MaxWritesPerTransaction = 128;
    // WAL pages after which a commit checkpoints by itself: only a backstop, in case the background checkpoint cannot
    // keep up (a reader holding a snapshot for long). About 400 MB of WAL with 4 KiB pages. Measured: at 10,000 pages
    // these inline checkpoints (copy whatever is left, two fsyncs, every write waiting) were the whole p99 under load.
    private const int BackstopAutoCheckpointPages = 100_000;
    // WAL frames above which the writer finishes the background checkpoint's work itself, between two transactions, so
    // that the next transaction starts the WAL over instead of appending to it (128 MB with 4 KiB pages). That catch-up
    // ends in an fsync with every write waiting (40-100 ms on the bench machine), so it must be rare: at 4,096 frames it
    // came every second under load and was the p99; at 32,768 it comes every ten seconds or so and is not.
    internal const int DefaultRestartWalAfterFrames = 32_768;
    private const int WriterCacheKiB = 8_192;
    internal static readonly TimeSpan DefaultCheckpointInterval = TimeSpan.FromMilliseconds(500);

    private readonly string _connectionString;
    private readonly ConcurrentQueue<PendingWrite> _queue = new();
    private readonly Lock _sessionGate = new();
    private readonly SqliteRowCache? _cache;
    private SqliteSession? _session;
    private long _dataVersion = -1;
    private int _draining;
    private volatile bool _disposed;
    private readonly Thread _checkpointer;
    private readonly ManualResetEventSlim _stopCheckpointing = new();
    private int _commitsSinceCheckpoint;
    private volatile bool _walRestartWanted;

    private readonly TimeSpan _checkpointInterval;
    private readonly int _restartWalAfterFrames;

    public SqliteWriter(string connectionString, SqliteRowCache? cache, TimeSpan? checkpointInterval = null, int restartWalAfterFrames = DefaultRestartWalAfterFrames)
    {
        _connectionString = connectionString;
        _cache = cache;
        _checkpointInterval = checkpointInterval ?? DefaultCheckpointInterval;
        _restartWalAfterFrames = restartWalAfterFrames;
        // A thread of its own, not the thread pool: a checkpoint blocks in fsync for milliseconds, and on a two-core
        // machine one pool thread stuck that long is a third of the turns waiting.
        _checkpointer = new Thread(CheckpointLoop) { IsBackground = true, Name = "SQLite checkpoint" };
        _checkpointer.Start();
    }

    /// <param name="work">Runs inside the shared transaction. It must either change nothing and throw, or succeed.</param>
    /// <param name="needsSavepoint">True when <paramref name="work"/> runs more than one modifying statement and may fail
    /// after the first: it then gets a savepoint to roll back to. A single statement is atomic by itself.</param>
    /// <param name="cancellationToken">Gives up waiting for the writer; work already running finishes.</param>
    public Task<TResult> WriteAsync<TResult>(Func<SqliteWriteContext, TResult> work, bool needsSavepoint, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested) return Task.FromCanceled<TResult>(cancellationToken);
        var pending = new PendingWrite<TResult>(work, needsSavepoint, cancellationToken);
        _queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref _draining, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(static writer => writer.Drain(), this, preferLocal: false);
        return pending.Task;
    }

    private void Drain()
    {
        var batch = new List<PendingWrite>(MaxWritesPerTransaction);
        while (true)
        {
            while (batch.Count < MaxWritesPerTransaction && _queue.TryDequeue(out var write))
                if (write.TryStart()) batch.Add(write);
            if (batch.Count > 0)
            {
                Commit(batch);
                batch.Clear();
                continue;
            }
            Volatile.Write(ref _draining, 0);
            // A write queued between the last TryDequeue and the flag reset found the flag still set and started no
            // drain: take the flag back and serve it, unless another drain already did.
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _draining, 1, 0) != 0) return;
        }
    }

    private void Commit(List<PendingWrite> batch)
    {
        lock (_sessionGate)
        {
            SqliteSession session;
            try
            {
                session = _session ??= OpenWriterSession();
            }
            catch (Exception ex)
            {
                foreach (var write in batch) write.Fail(ex);
                return;
            }

            var context = new SqliteWriteContext(session, _cache is not null);
            try
            {
                if (_walRestartWanted) CatchUpCheckpoint(session);
                // IMMEDIATE takes the file's write lock up front, so a read-then-write inside can't be turned into
                // SQLITE_BUSY by another process (a second store on the same file) that started writing meanwhile.
                session.Execute("BEGIN IMMEDIATE");
                ForgetCacheIfAnotherConnectionWrote(session);
                foreach (var write in batch)
                {
                    var effects = context.EffectsMark;
                    if (write.NeedsSavepoint) session.Execute("SAVEPOINT w");
                    try
                    {
                        write.Run(context);
                    }
                    catch (Exception ex)
                    {
                        write.Failed = ex;
                        context.DiscardEffectsFrom(effects);
                        // SQLite may have ended the whole transaction (disk full, I/O error): going on would run the
                        // next writes in autocommit and then report them failed although they stayed.
                        if (ex is SqliteException && SQLitePCL.raw.sqlite3_get_autocommit(session.Connection.Handle) != 0) throw;
                        if (write.NeedsSavepoint) session.Execute("ROLLBACK TO w");
                    }
                    if (write.NeedsSavepoint) session.Execute("RELEASE w");
                }
                context.SaveETagCounter();
                session.Execute("COMMIT");
                Interlocked.Increment(ref _commitsSinceCheckpoint);
                if (_cache is not null) context.Publish(_cache);
            }
            catch (Exception ex)
            {
                // The transaction itself broke (I/O error, disk full, busy past the timeout): nothing of it stays, so
                // every write that had succeeded inside it fails with the cause, and the connection is replaced.
                try { session.Execute("ROLLBACK"); } catch (Exception) { /* the connection is being replaced anyway */ }
                session.Dispose();
                _session = null;
                _dataVersion = -1;
                _cache?.Clear();
                foreach (var write in batch) write.Fail(write.Failed ?? ex);
                return;
            }
            finally
            {
                if (_disposed && _session is not null)
                {
                    // A write after the store was disposed (a hosted service releasing its lease during shutdown) is
                    // still served, but leaves no connection open behind it.
                    _session.Dispose();
                    _session = null;
                    _dataVersion = -1;
                }
            }
        }

        // Each caller resumes from the pool's global queue, in commit order. Completing here with asynchronous
        // continuations put them on this thread's local queue, which it does not get back to while it keeps draining:
        // under load they waited to be stolen, and that wait was the slowest turns' latency.
        foreach (var write in batch) write.Dispatch();
    }

    private SqliteSession OpenWriterSession()
    {
        var session = SqliteSession.Open(_connectionString);
        // Checkpoints run beside the writer (see Checkpoint): one inside a commit copies pages and fsyncs the file
        // while every queued write waits, which is what the slowest turns under load were waiting for.
        if (!_disposed) session.Execute($"PRAGMA wal_autocheckpoint = {BackstopAutoCheckpointPages}");
        // Unlike the readers, the writer's cache survives commits (they are its own). The default 2 MB held too little of
        // a growing file: random inserts of message ids then re-read their leaf pages from the OS on every transaction.
        // Much larger cost more: SQLite scans its whole page-cache hash at times, and that scan grew with it.
        session.Execute($"PRAGMA cache_size = -{WriterCacheKiB}");
        return session;
    }

    /// <summary>
    /// Copies the few frames written since the background checkpoint's last round, on the writer's own connection and
    /// between transactions, so every frame is in the database file and the next BEGIN starts the WAL from its head.
    /// Under steady load the background checkpoint alone never gets there (frames keep arriving while it copies), and
    /// the WAL would only grow.
    /// </summary>
    private void CatchUpCheckpoint(SqliteSession session)
    {
        _walRestartWanted = false;
        try
        {
            session.Command("PRAGMA wal_checkpoint(PASSIVE)").ExecuteNonQuery();
        }
        catch (SqliteException)
        {
            // Only a missed chance to restart the WAL: the background checkpoint asks again.
        }
    }

    /// <summary>
    /// Copies committed pages from the WAL into the database file on a connection of its own. PASSIVE never waits for
    /// or blocks the writer or the readers; whatever it cannot copy now is copied on a later round.
    /// </summary>
    private void CheckpointLoop()
    {
        SqliteSession? session = null;
        try
        {
            while (!_stopCheckpointing.Wait(_checkpointInterval))
            {
                if (Interlocked.Exchange(ref _commitsSinceCheckpoint, 0) == 0) continue;
                try
                {
                    session ??= SqliteSession.Open(_connectionString);
                    using var reader = session.Command("PRAGMA wal_checkpoint(PASSIVE)").ExecuteReader();
                    // (busy, frames in the WAL, frames now in the database file): ask the writer to finish the job only
                    // once this round has copied most of a long WAL, so its share is small.
                    if (reader.Read() && reader.GetInt64(1) >= _restartWalAfterFrames && reader.GetInt64(1) - reader.GetInt64(2) < _restartWalAfterFrames / 4)
                        _walRestartWanted = true;
                }
                catch (SqliteException)
                {
                    // Nothing is lost: the next round retries, and the writer's backstop checkpoint still bounds the WAL.
                    session?.Dispose();
                    session = null;
                }
            }
        }
        finally
        {
            session?.Dispose();
        }
    }

    /// <summary>
    /// data_version on this connection moves only when another connection commits, and our readers never write: so a
    /// change means another process (or another store on the same file) wrote, and the row cache may be stale.
    /// </summary>
    private void ForgetCacheIfAnotherConnectionWrote(SqliteSession session)
    {
        if (_cache is null) return;
        var version = Convert.ToInt64(session.Command("PRAGMA data_version").ExecuteScalar(), CultureInfo.InvariantCulture);
        // A new connection has no baseline: what happened before it opened is unknown.
        if (version != _dataVersion) _cache.Clear();
        _dataVersion = version;
    }

    public void Dispose()
    {
        _disposed = true;
        _stopCheckpointing.Set();
        _checkpointer.Join();
        lock (_sessionGate)
        {
            _session?.Dispose();
            _session = null;
            _dataVersion = -1;
        }
    }

    private abstract class PendingWrite
    {
        public abstract bool NeedsSavepoint { get; }
        public Exception? Failed { get; set; }
        public abstract bool TryStart();
        public abstract void Run(SqliteWriteContext context);
        public abstract void Complete();
        public abstract void Fail(Exception exception);

        /// <summary>Completes the caller's task from a work item on the pool's global queue, never on the drain thread.</summary>
        public void Dispatch() => ThreadPool.UnsafeQueueUserWorkItem(static write => write.Complete(), this, preferLocal: false);
    }

    private sealed class PendingWrite<TResult>(Func<SqliteWriteContext, TResult> work, bool needsSavepoint, CancellationToken cancellationToken) : PendingWrite
    {
        public override bool NeedsSavepoint => needsSavepoint;

        // Completed from a work item of its own (see Commit), so the caller's continuation may run inline there.
        private readonly TaskCompletionSource<TResult> _completion = new();
        private TResult? _result;
        private bool _cancelled;

        public Task<TResult> Task => _completion.Task;

        public override bool TryStart()
        {
            if (!cancellationToken.IsCancellationRequested) return true;
            _cancelled = true;
            Dispatch();
            return false;
        }

        public override void Run(SqliteWriteContext context) => _result = work(context);

        public override void Complete()
        {
            if (_cancelled) _completion.TrySetCanceled(cancellationToken);
            else if (Failed is null) _completion.TrySetResult(_result!);
            else _completion.TrySetException(Failed);
        }

        public override void Fail(Exception exception)
        {
            Failed = exception;
            Dispatch();
        }
    }
}
