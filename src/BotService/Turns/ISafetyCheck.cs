using BotService.Messaging;

namespace BotService.Turns;

/// <summary>
/// The first step of every turn, for every member-side sender: crisis detection and the safety reply. Returns the
/// reply (which ends the turn) or null when the message is no crisis. Must answer even when storage is down.
/// </summary>
public interface ISafetyCheck
{
    Task<TurnReply?> CheckAsync(InboundMessage message, string memberKey, string? knownLanguage, CancellationToken cancellationToken);
}
