namespace BotService.Volunteers;

/// <summary>A non-crisis request for a peer to reach out: same volunteer queue as crises, low priority, no crisis reply.
/// An interface because the flow and scheduler tests record the requests instead of paging.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The volunteers' queue of requests for a peer, not a collection type.")]
public interface IPeerSupportQueue
{
    /// <summary>Returns true when at least one volunteer was paged now (so the bot can say someone will text her).</summary>
    Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken);

    /// <summary>The same for someone with no stored profile: where to reach her comes from her own message.</summary>
    Task<bool> RequestPeerAsync(string memberKey, string channel, string address, string language, PeerRequestReason reason, CancellationToken cancellationToken) =>
        RequestPeerAsync(memberKey, reason, cancellationToken);
}
