using BotService.Members;

namespace BotService.Volunteers;

public static class PeerRequest
{
    /// <summary>Queued as an effect so it is sent once, after the turn commits.</summary>
    public static void Add(FlowContext flow, IPeerSupportQueue peers, PeerRequestReason reason)
    {
        var key = flow.MemberKey;
        flow.Effects.Add(c => peers.RequestPeerAsync(key, reason, c));
    }

    /// <summary>For someone with no stored profile (declined, or onboarding not finished): her address comes from
    /// this turn, in memory only.</summary>
    public static void AddFor(FlowContext flow, IPeerSupportQueue peers, string channel, string address, string language, PeerRequestReason reason)
    {
        var key = flow.MemberKey;
        flow.Effects.Add(c => peers.RequestPeerAsync(key, channel, address, language, reason, c));
    }
}
