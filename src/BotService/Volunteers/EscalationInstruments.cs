using System.Diagnostics.Metrics;
using BotService.Safety;

namespace BotService.Volunteers;

/// <summary>How long members waited for a volunteer. (<see cref="EscalationMetrics"/> is the
/// admin page's percentile summary from storage; these are the live instruments.) Tags: severity, category,
/// language, never a number or a text.</summary>
public static class EscalationInstruments
{
    public const string MeterName = SafetyInstruments.MeterName;

    private static readonly Meter Meter = new(MeterName);

    public static readonly Histogram<double> TimeToPage = Meter.CreateHistogram<double>("botservice.escalation.time_to_page", unit: "s",
        description: "From an escalation opening to its first page.");

    public static readonly Histogram<double> TimeToClaim = Meter.CreateHistogram<double>("botservice.escalation.time_to_claim", unit: "s",
        description: "From an escalation opening to its first claim by a volunteer.");

    public static readonly Histogram<double> TimeToClose = Meter.CreateHistogram<double>("botservice.escalation.time_to_close", unit: "s",
        description: "From an escalation opening to its close.");

    public static void RecordSince(Histogram<double> histogram, EscalationRecord record, DateTimeOffset now) =>
        histogram.Record(Math.Max(0, (now - record.OpenedAt).TotalSeconds), new KeyValuePair<string, object?>("severity", record.Severity.ToString()));
}
