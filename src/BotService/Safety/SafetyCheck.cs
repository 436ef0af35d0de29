using BotService.Content;
using BotService.Messaging;
using BotService.Safety.CrisisDetection;

namespace BotService.Safety;

/// <summary>
/// First step of every member turn. Composes the safety reply from content held in memory, before any storage or
/// network call, so it goes out even when table storage or Twilio is down; only then tries to page volunteers,
/// within a short time budget, and says honestly whether anyone was asked.
/// </summary>
public sealed partial class SafetyCheck(
    ICrisisDetector detector,
    ContentCatalog content,
    ICrisisEscalation escalation,
    TimeProvider time,
    ILogger<SafetyCheck> logger)
{
    /// <summary>Twilio waits 15 s for the webhook; paging must leave most of that for the reply.</summary>
    public static readonly TimeSpan EscalationBudget = TimeSpan.FromSeconds(3);

    public async Task<TurnReply?> CheckAsync(InboundMessage message, string memberKey, string? knownLanguage, CancellationToken cancellationToken)
    {
        CrisisAssessment assessment;
        try
        {
            assessment = detector.Assess(message.Text);
        }
        catch (Exception e)
        {
            // We cannot tell whether this was a crisis, so fail toward safety: she gets the crisis lines. Nobody is
            // paged, because a detector bug would otherwise page volunteers for every message.
#pragma warning disable CA1873 // Only when the detector threw; a Critical entry is never filtered out, so nothing is saved by a guard.
            LogDetectorFailed(logger, e.GetType().Name);
#pragma warning restore CA1873
            var fallbackLanguage = PickLanguage(null, knownLanguage);
            return new TurnReply([content.Text(fallbackLanguage, "safety.high")]);
        }
        if (!assessment.IsFlagged) return null;
        SafetyInstruments.RecordDetection(assessment);

        var language = PickLanguage(assessment.Language, knownLanguage);
        var safety = content.Text(language, SafetyKey(assessment));
        LogFlagged(logger, assessment.Severity, assessment.Category, assessment.RuleId);

        // Concern and support get their reply without a page: the lines (or the offer of a peer) cost little,
        // while paging on every uncertain text would wear the volunteers out.
        if (!assessment.PagesVolunteers) return new TurnReply([safety]);

        var availability = PeerAvailability.Unavailable;
        try
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(EscalationBudget);
            availability = await escalation.EscalateAsync(
                new CrisisEscalationRequest(memberKey, message.Channel, message.SenderAddress, language, assessment, message.Text, time.GetUtcNow()),
                budget.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The member still gets the safety reply; the coordinator sees this in the logs and metrics.
            LogEscalationFailed(logger, e.GetType().Name);
        }

        var peerLine = content.Text(language, availability switch
        {
            PeerAvailability.Paged => "safety.peer_paged",
            PeerAvailability.WithVolunteer => "escalation.member_urgent_relayed",
            _ => "safety.peer_unavailable",
        });
        return new TurnReply([safety, peerLine]);
    }

    private string PickLanguage(string? detected, string? known)
    {
        foreach (var candidate in new[] { detected, known })
            if (candidate is not null && content.Languages.Contains(candidate)) return candidate;
        return ContentCatalog.DefaultLanguage;
    }

    /// <summary>The reply that fits the person: who is in danger and from what matters more than how sure we are.</summary>
    internal static string SafetyKey(CrisisAssessment assessment) => (assessment.Severity, assessment.Category) switch
    {
        (CrisisSeverity.Support, _) => "safety.support",
        (CrisisSeverity.Concern, _) => "safety.concern",
        (_, CrisisCategory.Overdose) => "safety.imminent_overdose",
        (_, CrisisCategory.OverdoseOther or CrisisCategory.Medical) => "safety.overdose_other",
        (_, CrisisCategory.Violence) => "safety.imminent_violence",
        (_, CrisisCategory.SexualViolence) => "safety.sexual_violence",
        (CrisisSeverity.Imminent, _) => "safety.imminent_suicide",
        _ => "safety.high",
    };

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Crisis language detected: severity {Severity}, category {Category}, rule {RuleId}")]
    private static partial void LogFlagged(ILogger logger, CrisisSeverity severity, CrisisCategory category, string? ruleId);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Escalation failed ({ExceptionType}); the member got the safety reply and was told no volunteer is available")]
    private static partial void LogEscalationFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Critical, Message = "Crisis detector threw {ExceptionType}")]
    private static partial void LogDetectorFailed(ILogger logger, string exceptionType);
}
