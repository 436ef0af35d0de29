using System.Diagnostics.Metrics;

namespace BotService.CheckIns;

/// <summary>How far behind the check-in scheduler runs.</summary>
public static class SchedulerMetrics
{
    public const string MeterName = "BotService.Scheduling";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Per tick by the leader: from the start of the oldest minute bucket not yet passed to now. Under a
    /// minute when the scheduler keeps up.</summary>
    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("botservice.scheduler.lag", unit: "s",
        description: "Check-in scheduler lag: now minus the start of the oldest unprocessed minute bucket.");

    /// <summary>Minutes in which more check-ins were due than <see cref="SenderCapacity"/> allows.</summary>
    public static readonly Counter<long> OverfullMinutes = Meter.CreateCounter<long>("botservice.scheduler.overfull_minutes",
        description: "Minutes whose due check-ins exceeded what the senders carry in a minute.");

    /// <summary>Check-ins moved to a later minute of the same day (outside quiet hours) because their minute was full.</summary>
    public static readonly Counter<long> Deferred = Meter.CreateCounter<long>("botservice.scheduler.deferred",
        description: "Check-ins moved to a later minute because the senders were full.");

    /// <summary>Check-ins sent in a full minute anyway: the next minutes were in her quiet hours or another day.</summary>
    public static readonly Counter<long> SentOverCapacity = Meter.CreateCounter<long>("botservice.scheduler.sent_over_capacity",
        description: "Check-ins handed to the outbox beyond sender capacity rather than into quiet hours.");
}
