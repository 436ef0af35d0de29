namespace BotService.Scheduling;

/// <summary>
/// Asks a peer supporter to reach out (low priority, not a crisis). The escalation layer implements it; the scheduler
/// calls it when a member has gone quiet for <see cref="CheckInOptions.SilenceOutreachAfter"/> check-ins in a row.
/// Calls are at-least-once (a crash right after the request may repeat it), so implementations should treat a repeat
/// for the same member and reason as one request.
/// </summary>
public interface IPeerOutreachQueue
{
    Task RequestOutreachAsync(string memberKey, string reason, CancellationToken cancellationToken);
}

/// <summary>Default until the escalation layer registers its queue: records the request as a log event (member key is
/// a keyed hash, never her number).</summary>
internal sealed partial class LoggingPeerOutreachQueue(ILogger<LoggingPeerOutreachQueue> logger) : IPeerOutreachQueue
{
    public Task RequestOutreachAsync(string memberKey, string reason, CancellationToken cancellationToken)
    {
        LogRequested(memberKey, reason);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Peer outreach requested for member {MemberKey}: {Reason}")]
    private partial void LogRequested(string memberKey, string reason);
}
