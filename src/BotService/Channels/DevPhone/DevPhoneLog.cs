namespace BotService.Channels.DevPhone;

/// <summary>
/// What each fake phone sent and received, in memory only: the last <see cref="PerNumberLimit"/> texts of at most
/// <see cref="NumberLimit"/> numbers, so a long dev session cannot grow without bound. Development only; it holds
/// numbers and text in the clear and is never registered in Production.
/// </summary>
public sealed class DevPhoneLog(TimeProvider time)
{
    public const int PerNumberLimit = 200;
    public const int NumberLimit = 500;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedList<DevPhoneEntry>> _byNumber = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _lastActivity = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Records a text for an E.164 number and returns the entry.</summary>
    public DevPhoneEntry Record(string e164, DevPhoneDirection direction, string body, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(e164);
        lock (_gate)
        {
            if (!_byNumber.TryGetValue(e164, out var entries))
            {
                if (_byNumber.Count >= NumberLimit) EvictQuietestNumber();
                entries = new LinkedList<DevPhoneEntry>();
                _byNumber[e164] = entries;
            }
            var entry = new DevPhoneEntry(++_sequence, direction, body ?? "", time.GetUtcNow(), source);
            entries.AddLast(entry);
            while (entries.Count > PerNumberLimit) entries.RemoveFirst();
            _lastActivity[e164] = entry.Sequence;
            return entry;
        }
    }

    /// <summary>The texts of one number, oldest first.</summary>
    public IReadOnlyList<DevPhoneEntry> For(string e164)
    {
        lock (_gate)
            return _byNumber.TryGetValue(e164, out var entries) ? entries.ToArray() : [];
    }

    /// <summary>Every number with texts, most recently active first.</summary>
    public IReadOnlyList<string> Numbers()
    {
        lock (_gate)
            return _lastActivity.OrderByDescending(p => p.Value).Select(p => p.Key).ToArray();
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byNumber.Clear();
            _lastActivity.Clear();
        }
    }

    private void EvictQuietestNumber()
    {
        var quietest = _lastActivity.MinBy(p => p.Value).Key;
        _byNumber.Remove(quietest);
        _lastActivity.Remove(quietest);
    }
}
