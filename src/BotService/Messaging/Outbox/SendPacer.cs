namespace BotService.Messaging.Outbox;

/// <summary>
/// A token bucket of depth one per sender: after a send, that sender is busy for segments / rate seconds. Depth one
/// means an idle sender never saves up a burst. Charging per segment matches how Twilio meters a number (a 3-part
/// message takes three of its slots), so the rate never exceeds <c>MessagesPerSecond</c> in messages either.
/// Per process: a second instance would double the rate, so the bot runs one dispatcher.
/// </summary>
public sealed class SendPacer
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly Dictionary<string, DateTimeOffset> _nextFree = new(StringComparer.Ordinal);

    public SendPacer(TimeProvider time, double messagesPerSecond)
    {
        if (messagesPerSecond <= 0) throw new ArgumentOutOfRangeException(nameof(messagesPerSecond), "Twilio:MessagesPerSecond must be greater than 0.");
        _time = time;
        _interval = TimeSpan.FromSeconds(1 / messagesPerSecond);
    }

    /// <summary>Zero when <paramref name="sender"/> may send now, otherwise how long until it may.</summary>
    public TimeSpan WaitFor(string sender)
    {
        var now = _time.GetUtcNow();
        return _nextFree.TryGetValue(sender, out var free) && free > now ? free - now : TimeSpan.Zero;
    }

    /// <summary>Records a send that starts now.</summary>
    public void Take(string sender, int segments)
    {
        var now = _time.GetUtcNow();
        _nextFree[sender] = now + _interval * Math.Max(1, segments);
    }
}
