namespace BotService.Messaging;

/// <summary>What the turn says back to the sender in the same response (TwiML for SMS), in order.</summary>
public sealed record TurnReply(IReadOnlyList<string> Messages)
{
    public static readonly TurnReply None = new([]);
}
