namespace BotService.Conversation;

/// <summary>Channel names used across the service (stored with outbox rows and conversation references).</summary>
public static class Channels
{
    public const string Sms = "sms";
    public const string BotFramework = "botframework";
}

/// <summary>
/// One message from a person, already authenticated and parsed by its channel. <see cref="SenderAddress"/> is the
/// E.164 number for SMS or the channel's user id elsewhere; it is never logged.
/// </summary>
public sealed record InboundMessage(
    string Channel,
    string SenderAddress,
    string Text,
    string MessageId,
    DateTimeOffset ReceivedAt)
{
    /// <summary>Well-formed whatever the channel delivered: broken percent-encoding or a JSON \ud800 escape can carry
    /// unpaired surrogates, which Unicode normalization, storage and the relay to a volunteer must never see.</summary>
    private readonly string _text = Dialogs.Recognizers.TextNormalizer.WellFormed(Text);

    public string Text
    {
        get => _text;
        init => _text = Dialogs.Recognizers.TextNormalizer.WellFormed(value);
    }
}

/// <summary>What the turn says back to the sender in the same response (TwiML for SMS), in order.</summary>
public sealed record TurnReply(IReadOnlyList<string> Messages)
{
    public static readonly TurnReply None = new([]);
}

/// <summary>
/// Runs one turn for one inbound message: the safety check first, then opt-out words, global commands and dialogs.
/// Channels call this and render the reply; everything addressed to anyone else goes through <see cref="IOutbox"/>.
/// </summary>
public interface ITurnHandler
{
    Task<TurnReply> HandleTurnAsync(InboundMessage message, CancellationToken cancellationToken);
}
