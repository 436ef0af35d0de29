using System.Collections.Concurrent;
using BotService.Messaging;

namespace BotService.Tests.Support;

/// <summary>
/// The outbox seam kept in memory. Like the table outbox it refuses a dedupe key it has seen, and a cancel withdraws
/// what is still queued. <see cref="Stored"/> keeps every accepted message (and when, on the given clock) for tests
/// that read by key; <see cref="Sent"/> is what is still queued, in order, for tests that read by recipient.
/// </summary>
public sealed class RecordingOutbox(TimeProvider? clock = null) : IOutbox
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (OutboundMessage Message, DateTimeOffset At)> _stored = new(StringComparer.Ordinal);
    private readonly List<OutboundMessage> _queued = [];
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);

    /// <summary>Every accepted message by dedupe key, with the time it was accepted.</summary>
    public IReadOnlyDictionary<string, (OutboundMessage Message, DateTimeOffset At)> Stored
    {
        get { lock (_gate) return new Dictionary<string, (OutboundMessage, DateTimeOffset)>(_stored, StringComparer.Ordinal); }
    }

    /// <summary>How many times each dedupe key was offered (accepted or not).</summary>
    public IReadOnlyDictionary<string, int> Attempts => _attempts;

    /// <summary>Messages still queued, oldest first (a cancel, <see cref="Clear"/> or <see cref="TakeAll"/> removes them).</summary>
    public IReadOnlyList<OutboundMessage> Sent { get { lock (_gate) return [.. _queued]; } }

    public Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        _attempts.AddOrUpdate(message.DedupeKey, 1, (_, n) => n + 1);
        lock (_gate)
        {
            if (!_stored.TryAdd(message.DedupeKey, (message, clock?.GetUtcNow() ?? DateTimeOffset.UtcNow))) return Task.FromResult(false);
            _queued.Add(message);
        }
        return Task.FromResult(true);
    }

    public Task<int> CancelQueuedAsync(string cancelTag, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_queued.RemoveAll(m => m.CancelTag == cancelTag));
    }

    /// <summary>Queued messages to one address, oldest first.</summary>
    public IReadOnlyList<OutboundMessage> To(string address)
    {
        lock (_gate) return _queued.Where(m => m.RecipientAddress == address).ToList();
    }

    /// <summary>How many accepted dedupe keys start with <paramref name="prefix"/>.</summary>
    public int CountPrefix(string prefix)
    {
        lock (_gate) return _stored.Keys.Count(k => k.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Accepted messages whose dedupe key names this member (keys look like "kind:member:date"), by time.</summary>
    public List<(string Key, OutboundMessage Message, DateTimeOffset At)> ForMember(string memberKey)
    {
        lock (_gate)
        {
            return _stored.Where(kv => kv.Key.Contains($":{memberKey}:", StringComparison.Ordinal))
                .Select(kv => (kv.Key, kv.Value.Message, kv.Value.At))
                .OrderBy(x => x.At).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Forgets what is queued (dedupe keys stay used, as they do in the table outbox).</summary>
    public void Clear()
    {
        lock (_gate) _queued.Clear();
    }

    /// <summary>Hands over everything queued, as a dispatcher would, leaving the queue empty.</summary>
    public List<OutboundMessage> TakeAll()
    {
        lock (_gate)
        {
            var all = _queued.ToList();
            _queued.Clear();
            return all;
        }
    }
}
