namespace BotService.Messaging;

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
