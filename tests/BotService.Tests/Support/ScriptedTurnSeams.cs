using BotService.CheckIns;
using BotService.Volunteers;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Support;

/// <summary>
/// The conversation's two outward seams held by the test: requests for a peer are recorded, and whether a check-in is
/// open is scripted. Hand <see cref="Apply"/> to <see cref="BotTestHost.Overrides"/>.
/// </summary>
public sealed class ScriptedTurnSeams
{
    /// <summary>A Tuesday afternoon in Chicago: outside quiet hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 15, 0, 0, TimeSpan.Zero);

    public RecordingPeerQueue Peers { get; } = new();
    public ScriptedOpenCheckIns OpenCheckIns { get; } = new();

    public void Apply(IServiceCollection services)
    {
        BotTestHost.Replace<IPeerSupportQueue>(services, Peers);
        BotTestHost.Replace<IOpenCheckInLookup>(services, OpenCheckIns);
    }
}
