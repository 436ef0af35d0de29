namespace BotService.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also says how many of its timers are armed. Tests that run the whole host
/// move the clock and then wait until every background loop has re-armed its timer (its work for the new time is
/// done); FakeTimeProvider keeps its timer list to itself, so this counts what passes through
/// <see cref="CreateTimer"/>. The time keeping itself is FakeTimeProvider's.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly HashSet<CountedTimer> _armed = [];

    /// <summary>Timers due to fire (one-shot timers that have not fired yet, and periodic ones).</summary>
    public int ArmedTimers { get { lock (_gate) return _armed.Count; } }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var counted = new CountedTimer(this);
        counted.Track(dueTime, period);
        counted.Inner = base.CreateTimer(s => { counted.Fired(); callback(s); }, state, dueTime, period);
        return counted;
    }

    private void SetArmed(CountedTimer timer, bool armed)
    {
        lock (_gate)
        {
            if (armed) _armed.Add(timer);
            else _armed.Remove(timer);
        }
    }

    private sealed class CountedTimer(TimerCountingTimeProvider owner) : ITimer
    {
        private bool _periodic;

        public ITimer? Inner { get; set; }

        public void Track(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
            owner.SetArmed(this, dueTime != Timeout.InfiniteTimeSpan);
        }

        public void Fired()
        {
            if (!_periodic) owner.SetArmed(this, false);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            Track(dueTime, period);
            return Inner!.Change(dueTime, period);
        }

        public void Dispose()
        {
            owner.SetArmed(this, false);
            Inner?.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
