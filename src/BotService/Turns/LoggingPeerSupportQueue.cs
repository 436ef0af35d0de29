using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>Until escalation lands: the request is logged (member tag and reason only) so nothing is silently lost.</summary>
internal sealed class LoggingPeerSupportQueue(ILogger<LoggingPeerSupportQueue> logger) : IPeerSupportQueue
{
    public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Peer support requested for member {MemberTag} ({Reason}) but no volunteer queue is registered.", memberKey[..8], reason);
        return Task.FromResult(false);
    }
}
