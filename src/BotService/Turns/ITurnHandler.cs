using BotService.Messaging;

namespace BotService.Turns;

/// <summary>
/// Runs one turn for one inbound message: the safety check first, then opt-out words, global commands and dialogs.
/// Channels call this and render the reply; everything addressed to anyone else goes through <see cref="IOutbox"/>.
/// An interface because the channel tests answer with a scripted handler.
/// </summary>
public interface ITurnHandler
{
    Task<TurnReply> HandleTurnAsync(InboundMessage message, CancellationToken cancellationToken);
}
