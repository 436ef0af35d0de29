using BotService.Channels.Sms;
using BotService.CheckIns;
using BotService.Messaging;
using BotService.Turns;

namespace BotService.Hosting;

/// <summary>
/// Connects features that were built against each other's interfaces: the scheduler asks the SMS layer who opted out
/// and asks the volunteers' queue for outreach after a run of missed check-ins.
/// </summary>
internal static class FeatureBridges
{
    public static IServiceCollection AddFeatureBridges(this IServiceCollection services)
    {
        services.AddSingleton<IOptOutLookup, SmsOptOutLookup>();
        services.AddSingleton<IPeerOutreachQueue, SilenceOutreachQueue>();
        return services;
    }

    private sealed class SmsOptOutLookup(OptOutHandler optOuts) : IOptOutLookup
    {
        public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => optOuts.IsOptedOutAsync(memberKey, cancellationToken);
    }

    /// <summary>The escalation queue joins a repeat request to her open one, which is the dedupe the scheduler asks for.</summary>
    private sealed class SilenceOutreachQueue(IPeerSupportQueue queue) : IPeerOutreachQueue
    {
        public Task RequestOutreachAsync(string memberKey, string reason, CancellationToken cancellationToken) =>
            queue.RequestPeerAsync(memberKey, PeerRequestReason.Silence, cancellationToken);
    }
}
