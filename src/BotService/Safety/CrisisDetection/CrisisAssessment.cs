namespace BotService.Safety.CrisisDetection;

/// <summary>
/// The detector's verdict. It deliberately carries the id of the rule that matched and never
/// the message text, so the whole record is safe to write to logs and telemetry.
/// </summary>
/// <param name="Severity">Highest severity found in the message.</param>
/// <param name="Category">Category of the rule that decided the severity.</param>
/// <param name="Language">"en", "es", ... when the message gave enough evidence; otherwise null.</param>
/// <param name="RuleId">Stable id of the matched rule, e.g. "en.imminent.suicide.intent+kill+self"; null when nothing matched.</param>
public sealed record CrisisAssessment(
    CrisisSeverity Severity,
    CrisisCategory Category,
    string? Language,
    string? RuleId)
{
    /// <summary>Nothing found and no language evidence (empty message, "3", "ok").</summary>
    public static CrisisAssessment None { get; } = new(CrisisSeverity.None, CrisisCategory.None, null, null);

    /// <summary>True when the member gets a safety or support reply instead of the ordinary turn.</summary>
    public bool IsFlagged => Severity > CrisisSeverity.None;

    /// <summary>True when volunteers are paged (high and imminent only).</summary>
    public bool PagesVolunteers => Severity >= CrisisSeverity.High;
}
