namespace BotService.CheckIns;

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
