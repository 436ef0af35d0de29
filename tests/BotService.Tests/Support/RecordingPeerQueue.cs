using System.Collections.Concurrent;
using BotService.Turns;

namespace BotService.Tests.Support;

/// <summary>Keeps every request for a peer instead of paging anyone.</summary>
public sealed class RecordingPeerQueue : IPeerSupportQueue
{
    public ConcurrentQueue<(string MemberKey, PeerRequestReason Reason)> Requests { get; } = new();

    public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        Requests.Enqueue((memberKey, reason));
        return Task.FromResult(true);
    }
}
