namespace BotService.CheckIns;

/// <summary>
/// Asks a peer supporter to reach out (low priority, not a crisis). The escalation layer implements it; the scheduler
/// calls it when a member has gone quiet for <see cref="CheckInOptions.SilenceOutreachAfter"/> check-ins in a row.
/// Calls are at-least-once (a crash right after the request may repeat it), so implementations should treat a repeat
/// for the same member and reason as one request.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The volunteers' queue of people to reach out to, not a collection type.")]
public interface IPeerOutreachQueue
{
    Task RequestOutreachAsync(string memberKey, string reason, CancellationToken cancellationToken);
}
