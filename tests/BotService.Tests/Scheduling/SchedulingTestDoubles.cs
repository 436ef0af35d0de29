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

/// <summary>The durable outbox as the tests see it: idempotent by dedupe key like the real one, recording every attempt
/// and when each message was stored.</summary>
public sealed class RecordingOutbox(TimeProvider? clock = null) : IOutbox
{
    private readonly ConcurrentDictionary<string, (OutboundMessage Message, DateTimeOffset At)> _stored = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (OutboundMessage Message, DateTimeOffset At)> Stored => _stored;
    public IReadOnlyDictionary<string, int> Attempts => _attempts;

    public int CountPrefix(string prefix) => _stored.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));

    public List<(string Key, OutboundMessage Message, DateTimeOffset At)> ForMember(string memberKey) =>
        _stored.Where(kv => kv.Key.Contains($":{memberKey}:", StringComparison.Ordinal))
            .Select(kv => (kv.Key, kv.Value.Message, kv.Value.At)).OrderBy(x => x.At).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();

    public Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        _attempts.AddOrUpdate(message.DedupeKey, 1, (_, n) => n + 1);
        return Task.FromResult(_stored.TryAdd(message.DedupeKey, (message, clock?.GetUtcNow() ?? DateTimeOffset.UtcNow)));
    }
}

/// <summary>
/// The outbox as seen by an instance that is about to die: after <paramref name="hangAfter"/> messages every further call
/// never returns (the process is gone mid-step; its half-done work is simply stuck), optionally after the message was
/// stored (death between the enqueue and marking the ledger).
/// </summary>
public sealed class DyingOutbox(IOutbox inner, int hangAfter, bool storeBeforeDying) : IOutbox
{
    private readonly TaskCompletionSource _never = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _passed;

    public int Hung;

    public async Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _passed) > hangAfter)
        {
            if (storeBeforeDying) await inner.EnqueueAsync(message, cancellationToken);
            Interlocked.Increment(ref Hung);
            await _never.Task;
        }
        return await inner.EnqueueAsync(message, cancellationToken);
    }

    /// <summary>Ends the stuck calls at the end of a test.</summary>
    public void Release() => _never.TrySetException(new OperationCanceledException("instance is dead"));
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
