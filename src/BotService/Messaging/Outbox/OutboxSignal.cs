namespace BotService.Messaging.Outbox;

/// <summary>
/// Wakes the dispatcher: by an enqueue in this process or by a timer on the injected clock. Also tells tests whether
/// the dispatcher is parked, so a test moves its fake clock only when the dispatcher has nothing left to do now.
/// </summary>
public sealed class OutboxSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewSource();
    private bool _pending;
    private bool _idle;

    /// <summary>True while the dispatcher waits and nothing has woken it yet.</summary>
    internal bool IsIdle { get { lock (_gate) return _idle; } }

    public void Wake()
    {
        lock (_gate)
        {
            _pending = true;
            _idle = false;
            _wake.TrySetResult();
        }
    }

    /// <summary>Waits until <see cref="Wake"/> or <paramref name="timeout"/> on <paramref name="time"/>.</summary>
    internal async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        Task wait;
        lock (_gate)
        {
            if (_pending) { _pending = false; return; }
            if (timeout <= TimeSpan.Zero) return;
            _wake = NewSource();
            wait = _wake.Task;
        }
        // The timer callback runs on whichever thread advances the clock, so IsIdle is false before Advance returns.
        using var timer = time.CreateTimer(static s => ((OutboxSignal)s!).Wake(), this, timeout, Timeout.InfiniteTimeSpan);
        lock (_gate)
        {
            if (!_pending) _idle = true;
        }
        try
        {
            await wait.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_gate) { _idle = false; _pending = false; }
        }
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
