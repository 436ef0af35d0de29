using System.Diagnostics.Metrics;
using BotService.Safety.CrisisDetection;

namespace BotService.Safety;

/// <summary>Crisis detections, on the escalation meter so one subscription sees a detection and the wait that follows.
/// Tags: severity, category, language, never a number or a text.</summary>
public static class SafetyInstruments
{
    public const string MeterName = "BotService.Escalation";

    private static readonly Meter Meter = new(MeterName);

    public static readonly Counter<long> CrisisDetections = Meter.CreateCounter<long>("botservice.safety.crisis_detections", unit: "{message}",
        description: "Messages the crisis detector flagged, by severity, category and language.");

    public static void RecordDetection(CrisisAssessment assessment) =>
        CrisisDetections.Add(1, new("severity", assessment.Severity.ToString()), new("category", assessment.Category.ToString()),
            new("language", assessment.Language ?? "unknown"));
}
