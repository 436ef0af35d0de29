using BotService.Messaging;

namespace BotService.CheckIns;

/// <summary>
/// How many messages a minute the senders can carry: the scheduler hands the outbox no more check-ins than this in
/// one minute, and warns the coordinator when a minute asks for more. The sum of the senders' rates
/// (<c>Twilio:Senders</c>, or the one sender at <c>Twilio:MessagesPerSecond</c>).
/// </summary>
public sealed record SenderCapacity(int MessagesPerMinute)
{
    public int MessagesPerMinute { get; } = MessagesPerMinute >= 1
        ? MessagesPerMinute
        : throw new ArgumentOutOfRangeException(nameof(MessagesPerMinute), MessagesPerMinute, "A sender carries at least one message a minute.");

    /// <summary>All senders together; a fraction of a message a minute is not a message.</summary>
    public static SenderCapacity From(TwilioOptions options) =>
        new(Math.Max(1, (int)Math.Floor(options.TotalMessagesPerSecond * 60)));
}
