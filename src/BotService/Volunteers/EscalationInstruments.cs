using System.Diagnostics.Metrics;
using BotService.Safety.CrisisDetection;

namespace BotService.Volunteers;

/// <summary>Crisis detections and how long members waited for a volunteer. (<see cref="EscalationMetrics"/> is the
/// admin page's percentile summary from storage; these are the live instruments.) Tags: severity, category,
/// language, never a number or a text.</summary>
public static class EscalationInstruments
{
    public const string MeterName = "BotService.Escalation";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> CrisisDetections = Meter.CreateCounter<long>("botservice.safety.crisis_detections", unit: "{message}",
        description: "Messages the crisis detector flagged, by severity, category and language.");

    public static readonly Histogram<double> TimeToPage = Meter.CreateHistogram<double>("botservice.escalation.time_to_page", unit: "s",
        description: "From an escalation opening to its first page.");

    public static readonly Histogram<double> TimeToClaim = Meter.CreateHistogram<double>("botservice.escalation.time_to_claim", unit: "s",
        description: "From an escalation opening to its first claim by a volunteer.");

    public static readonly Histogram<double> TimeToClose = Meter.CreateHistogram<double>("botservice.escalation.time_to_close", unit: "s",
        description: "From an escalation opening to its close.");

    public static void RecordDetection(CrisisAssessment assessment) =>
        CrisisDetections.Add(1, new("severity", assessment.Severity.ToString()), new("category", assessment.Category.ToString()),
            new("language", assessment.Language ?? "unknown"));

    public static void RecordSince(Histogram<double> histogram, EscalationRecord record, DateTimeOffset now) =>
        histogram.Record(Math.Max(0, (now - record.OpenedAt).TotalSeconds), new KeyValuePair<string, object?>("severity", record.Severity.ToString()));
}
