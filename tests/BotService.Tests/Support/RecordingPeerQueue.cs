using System.Collections.Concurrent;
using BotService.Volunteers;

namespace BotService.Tests.Support;

/// <summary>Keeps every request for a peer instead of paging anyone.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Records what reached the volunteers' queue (IPeerSupportQueue); not a collection type.")]
public sealed class RecordingPeerQueue : IPeerSupportQueue
{
    public ConcurrentQueue<(string MemberKey, PeerRequestReason Reason)> Requests { get; } = new();

    public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        Requests.Enqueue((memberKey, reason));
        return Task.FromResult(true);
    }
}
