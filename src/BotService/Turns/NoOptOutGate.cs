using BotService.Messaging;
using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>Non-SMS channels and hosts without the SMS layer: no carrier keywords, nobody opted out.</summary>
internal sealed class NoOptOutGate : IOptOutGate
{
    public Task<TurnReply?> TryHandleAsync(InboundMessage message, string language, bool neutral, CancellationToken cancellationToken) => Task.FromResult<TurnReply?>(null);

    public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);
}
