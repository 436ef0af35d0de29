using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>Until escalation lands: the request is logged (member tag and reason only) so nothing is silently lost.</summary>
internal sealed partial class LoggingPeerSupportQueue(ILogger<LoggingPeerSupportQueue> logger) : IPeerSupportQueue
{
    public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        LogNoQueue(logger, memberKey[..8], reason);
        return Task.FromResult(false);
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Peer support requested for member {MemberTag} ({Reason}) but no volunteer queue is registered.")]
    private static partial void LogNoQueue(ILogger logger, string memberTag, PeerRequestReason reason);
}
