using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>
/// Sliding windows on new cases: per sender (member key, so every channel counts the same) and over everyone. In
/// memory per instance: a limit that resets on restart still stops a flood, and the safety reply never waits on it.
/// </summary>
public sealed class EscalationRateLimiter(IOptions<EscalationOptions> options, TimeProvider time)
{
    private static readonly TimeSpan SenderWindow = TimeSpan.FromHours(1);
    private static readonly TimeSpan PagedWindow = TimeSpan.FromMinutes(1);
    private readonly EscalationOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _senders = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _paged = new();

    /// <summary>False when this sender already opened as many cases as an hour allows.</summary>
    public bool TryOpen(string memberKey)
    {
        var now = time.GetUtcNow();
        var window = _senders.GetOrAdd(memberKey, _ => new Queue<DateTimeOffset>());
        lock (window)
        {
            Trim(window, now - SenderWindow);
            if (window.Count >= _options.MaxNewCasesPerSenderPerHour) return false;
            window.Enqueue(now);
        }
        if (_senders.Count > 10_000) Sweep(now);
        return true;
    }

    /// <summary>False when this minute's share of immediate pages is used up (the case waits for the next summary).</summary>
    public bool TryPageNow()
    {
        var now = time.GetUtcNow();
        lock (_paged)
        {
            Trim(_paged, now - PagedWindow);
            if (_paged.Count >= _options.MaxNewPagedPerMinute) return false;
            _paged.Enqueue(now);
            return true;
        }
    }

    private static void Trim(Queue<DateTimeOffset> window, DateTimeOffset cutoff)
    {
        while (window.Count > 0 && window.Peek() <= cutoff) window.Dequeue();
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (key, window) in _senders)
            lock (window)
            {
                Trim(window, now - SenderWindow);
                if (window.Count == 0) _senders.TryRemove(key, out _);
            }
    }
}
