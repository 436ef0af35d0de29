using System.Diagnostics.Metrics;

namespace BotService.Scheduling;

/// <summary>How far behind the check-in scheduler runs.</summary>
public static class SchedulerMetrics
{
    public const string MeterName = "BotService.Scheduling";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Per tick by the leader: from the start of the oldest minute bucket not yet passed to now. Under a
    /// minute when the scheduler keeps up.</summary>
    public static readonly Histogram<double> Lag = Meter.CreateHistogram<double>("botservice.scheduler.lag", unit: "s",
        description: "Check-in scheduler lag: now minus the start of the oldest unprocessed minute bucket.");
}
