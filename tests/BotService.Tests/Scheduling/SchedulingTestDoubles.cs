using System.Collections.Concurrent;
using BotService.Conversation;
using BotService.Scheduling;

namespace BotService.Tests.Scheduling;

/// <summary>A clock the test moves by hand (test-only: the shared ManualTimeProvider had not landed when this was
/// written). Nothing in the scheduling tests sleeps; time passes only through <see cref="Advance"/> and <see cref="Set"/>.</summary>
public sealed class SchedulingTestClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);

    public void Set(DateTimeOffset utc) => Interlocked.Exchange(ref _ticks, utc.UtcTicks);
}

/// <summary>
/// An outbox that is idempotent by dedupe key, like the real one, and records every attempt. It can simulate a process
/// dying mid-run: after <see cref="HangAfter"/> stored messages every further call never returns (the "dead" instance's
/// work is stuck forever), optionally after storing the message (death between enqueue and marking the ledger).
/// </summary>
public sealed class RecordingOutbox : IOutbox
{
    private readonly ConcurrentDictionary<string, OutboundMessage> _stored = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _storedCount;

    public int? HangAfter { get; set; }
    public bool StoreBeforeHanging { get; set; }
    public int Hung;

    public IReadOnlyDictionary<string, OutboundMessage> Stored => _stored;
    public IReadOnlyDictionary<string, int> Attempts => _attempts;

    public IEnumerable<OutboundMessage> For(string memberKeyPart) =>
        _stored.Where(kv => kv.Key.Contains(memberKeyPart, StringComparison.Ordinal)).Select(kv => kv.Value);

    public int CountPrefix(string prefix) => _stored.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public async Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        _attempts.AddOrUpdate(message.DedupeKey, 1, (_, n) => n + 1);
        if (HangAfter is { } limit && Volatile.Read(ref _storedCount) >= limit)
        {
            if (StoreBeforeHanging && _stored.TryAdd(message.DedupeKey, message)) Interlocked.Increment(ref _storedCount);
            Interlocked.Increment(ref Hung);
            await _never.Task;
        }
        if (!_stored.TryAdd(message.DedupeKey, message)) return false;
        Interlocked.Increment(ref _storedCount);
        return true;
    }

    /// <summary>Lets the "dead" calls fail at the end of a test so nothing is left hanging.</summary>
    public void Release() => _never.TrySetException(new OperationCanceledException("test over"));
}

public sealed class TestOptOuts : IOptOutLookup
{
    public ConcurrentDictionary<string, bool> OptedOut { get; } = new();
    public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(OptedOut.ContainsKey(memberKey));
}

public sealed class RecordingOutreach : IPeerOutreachQueue
{
    public ConcurrentQueue<(string MemberKey, string Reason)> Requests { get; } = new();
    public Task RequestOutreachAsync(string memberKey, string reason, CancellationToken cancellationToken)
    {
        Requests.Enqueue((memberKey, reason));
        return Task.CompletedTask;
    }
}
