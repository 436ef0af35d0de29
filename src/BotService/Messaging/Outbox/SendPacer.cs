namespace BotService.Messaging.Outbox;

/// <summary>
/// A token bucket of depth one per sender: after a send, that sender is busy for segments / rate seconds. Depth one
/// means an idle sender never saves up a burst. Charging per segment matches how Twilio meters a number (a 3-part
/// message takes three of its slots), so the rate never exceeds the sender's rate in messages either.
/// In memory: across instances it holds because only the holder of the dispatch lease sends (see
/// <see cref="OutboxDispatcher"/>), and a new holder starts from where the last one said its senders are free.
/// </summary>
public sealed class SendPacer
{
    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _nextFree = new(StringComparer.Ordinal);
    private DateTimeOffset _allFreeFrom = DateTimeOffset.MinValue;

    public SendPacer(TimeProvider time) => _time = time;

    /// <summary>Zero when <paramref name="sender"/> may send now, otherwise how long until it may.</summary>
    public TimeSpan WaitFor(string sender)
    {
        var now = _time.GetUtcNow();
        var free = _nextFree.TryGetValue(sender, out var own) && own > _allFreeFrom ? own : _allFreeFrom;
        return free > now ? free - now : TimeSpan.Zero;
    }

    /// <summary>Records a send that the provider answered just now, through a sender allowed <paramref name="messagesPerSecond"/>.</summary>
    public void Take(string sender, int segments, double messagesPerSecond)
    {
        if (!(messagesPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(messagesPerSecond), "A sender's rate must be greater than 0.");
        var now = _time.GetUtcNow();
        _nextFree[sender] = now + TimeSpan.FromSeconds(Math.Max(1, segments) / messagesPerSecond);
    }

    /// <summary>No sender sends before <paramref name="time"/> (a new dispatch-lease holder honouring the last one's sends).</summary>
    public void HoldAllUntil(DateTimeOffset time)
    {
        if (time > _allFreeFrom) _allFreeFrom = time;
    }

    /// <summary>When every sender this pacer used is free again: what a holder hands to the next one.</summary>
    public DateTimeOffset AllFreeAt() => _nextFree.Values.Append(_allFreeFrom).Max();
}
