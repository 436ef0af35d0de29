using BotService.Channels.Twilio;

namespace BotService.Scheduling;

/// <summary>
/// How many messages a minute the senders can carry: the scheduler hands the outbox no more check-ins than this in
/// one minute, and warns the coordinator when a minute asks for more. From <c>Twilio:MessagesPerSecond</c> (one
/// number) until sender pools exist; a pool registers its total instead.
/// </summary>
public sealed record SenderCapacity(int MessagesPerMinute)
{
    public int MessagesPerMinute { get; } = MessagesPerMinute >= 1
        ? MessagesPerMinute
        : throw new ArgumentOutOfRangeException(nameof(MessagesPerMinute), MessagesPerMinute, "A sender carries at least one message a minute.");

    /// <summary>One number's rate; a fraction of a message a minute is not a message.</summary>
    public static SenderCapacity From(TwilioOptions options) =>
        new(Math.Max(1, (int)Math.Floor(options.MessagesPerSecond * 60)));
}
