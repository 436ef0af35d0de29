namespace BotService.Safety.CrisisDetection;

/// <summary>
/// Runs first on every inbound message. Implementations must be thread-safe and must not throw
/// on any input: a detector failure must never be the reason a crisis goes unnoticed.
/// </summary>
public interface ICrisisDetector
{
    CrisisAssessment Assess(string text);
}
