namespace BotService.Escalation.CrisisDetection;

/// <summary>
/// The detector's verdict. It deliberately carries the id of the phrase that matched and never
/// the message text, so the whole record is safe to write to logs and telemetry.
/// </summary>
/// <param name="Severity">Highest severity found in the message.</param>
/// <param name="Category">Category of the phrase that decided the severity.</param>
/// <param name="Language">"en", "es", ... when the message gave enough evidence; otherwise null.</param>
/// <param name="PhraseId">Stable id of the matched phrase, e.g. "en.imminent.suicide.kill-myself"; null when nothing matched.</param>
public sealed record CrisisAssessment(
    CrisisSeverity Severity,
    CrisisCategory Category,
    string? Language,
    string? PhraseId)
{
    /// <summary>Nothing found and no language evidence (empty message, "3", "ok").</summary>
    public static CrisisAssessment None { get; } = new(CrisisSeverity.None, CrisisCategory.None, null, null);

    /// <summary>True when a volunteer should be involved at all.</summary>
    public bool IsFlagged => Severity > CrisisSeverity.None;
}
