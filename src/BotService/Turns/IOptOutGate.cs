using BotService.Messaging;

namespace BotService.Turns;

/// <summary>
/// Step 2 of a turn: carrier opt-out words. A port: the SMS channel's OptOutHandler implements it, and Turns sits
/// below Channels, so the pipeline knows only this interface.
/// </summary>
public interface IOptOutGate
{
    /// <summary>The reply when the message was STOP/START/HELP (already acted on), else null. <paramref name="neutral"/>:
    /// she is in discreet mode or has sent her code word, so HELP must not say what the program is about.</summary>
    Task<TurnReply?> TryHandleAsync(InboundMessage message, string language, bool neutral, CancellationToken cancellationToken);

    /// <summary>True when <see cref="TryHandleAsync"/> might act on this text: the pipeline then decides on a fresh
    /// read of her row, never on the copy it kept from her last turn.</summary>
    bool MightHandle(InboundMessage message) => false;

    Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken);
}
