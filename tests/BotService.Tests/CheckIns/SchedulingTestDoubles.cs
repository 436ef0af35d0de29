using System.Collections.Concurrent;
using BotService.Members;
using BotService.Messaging;
using BotService.Volunteers;

namespace BotService.Tests.CheckIns;

/// <summary>
/// The outbox as seen by an instance that is about to die: after <paramref name="hangAfter"/> messages every further call
/// never returns (the process is gone mid-step; its half-done work is simply stuck), optionally after the message was
/// stored (death between the enqueue and marking the ledger).
/// </summary>
public sealed class DyingOutbox(IOutbox inner, int hangAfter, bool storeBeforeDying, ProcessDeath? death = null) : IOutbox
{
    private readonly ProcessDeath _death = death ?? new ProcessDeath();
    private int _passed;

    private int _hung;

    public int Hung => Volatile.Read(ref _hung);

    public async Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (_death.IsDead || Interlocked.Increment(ref _passed) > hangAfter)
        {
            if (storeBeforeDying && !_death.IsDead) await inner.EnqueueAsync(message, cancellationToken);
            _death.Die();
            Interlocked.Increment(ref _hung);
            await _death.Never;
        }
        return await inner.EnqueueAsync(message, cancellationToken);
    }

    /// <summary>Ends the stuck calls at the end of a test.</summary>
    public void Release() => _death.Release();
}

public sealed class TestOptOuts : IOptOutLookup
{
    public ConcurrentDictionary<string, bool> OptedOut { get; } = new();
    public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(OptedOut.ContainsKey(memberKey));
}

public sealed class RecordingOutreach : IPeerSupportQueue
{
    public ConcurrentQueue<(string MemberKey, PeerRequestReason Reason)> Requests { get; } = new();
    public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        Requests.Enqueue((memberKey, reason));
        return Task.FromResult(false);
    }
}

/// <summary>Shared fate of one simulated process: once dead, its outbox and its storage calls never return.</summary>
public sealed class ProcessDeath
{
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _dead;

    public bool IsDead => Volatile.Read(ref _dead) == 1;
    public void Die() => Interlocked.Exchange(ref _dead, 1);
    public Task Never => _never.Task;
    public void Release() => _never.TrySetException(new OperationCanceledException("process is dead"));
}

/// <summary>A store as seen by a process that can die: after <see cref="ProcessDeath.Die"/> every call hangs, so a
/// dead instance can neither renew its lease nor write anything else, like a killed process.</summary>
public sealed class DyingTableStore(BotService.Storage.ITableStore inner, ProcessDeath death) : BotService.Storage.ITableStore
{
    public BotService.Storage.ITable<T> GetTable<T>(string tableName) where T : class, BotService.Storage.ITableEntity, new() =>
        new DyingTable<T>(inner.GetTable<T>(tableName), death);

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
    public string ProviderName => inner.ProviderName;

    private sealed class DyingTable<T>(BotService.Storage.ITable<T> table, ProcessDeath death) : BotService.Storage.ITable<T>
        where T : class, BotService.Storage.ITableEntity, new()
    {
        public string Name => table.Name;

        private async Task<TResult> Run<TResult>(Func<Task<TResult>> call)
        {
            if (death.IsDead) await death.Never;
            return await call();
        }

        public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            Run(() => table.GetAsync(partitionKey, rowKey, cancellationToken));
        public Task<Azure.ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) => Run(() => table.InsertAsync(entity, cancellationToken));
        public Task<Azure.ETag> ReplaceAsync(T entity, Azure.ETag ifMatch, CancellationToken cancellationToken = default) =>
            Run(() => table.ReplaceAsync(entity, ifMatch, cancellationToken));
        public Task<Azure.ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) => Run(() => table.UpsertAsync(entity, cancellationToken));
        public Task<bool> DeleteAsync(string partitionKey, string rowKey, Azure.ETag ifMatch = default, CancellationToken cancellationToken = default) =>
            Run(() => table.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken));
        public Task<BotService.Storage.TablePage<T>> QueryPartitionAsync(string partitionKey, BotService.Storage.RowKeyRange? range = null, int pageSize = 1000,
            string? continuationToken = null, CancellationToken cancellationToken = default) =>
            Run(() => table.QueryPartitionAsync(partitionKey, range, pageSize, continuationToken, cancellationToken));
        public Task<IReadOnlyList<Azure.ETag>> SubmitBatchAsync(IReadOnlyList<BotService.Storage.TableOperation<T>> operations, CancellationToken cancellationToken = default) =>
            Run(() => table.SubmitBatchAsync(operations, cancellationToken));
    }
}
