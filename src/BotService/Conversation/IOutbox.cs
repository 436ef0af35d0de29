namespace BotService.Conversation;

/// <summary>Lower number leaves first: crisis pages and relays before check-ins.</summary>
public enum MessagePriority
{
    Crisis = 0,
    Relay = 1,
    Normal = 2,
    CheckIn = 3,
}

/// <summary>
/// A message to send outside the current turn. <see cref="DedupeKey"/> makes enqueueing idempotent: a second
/// enqueue with the same key (a retried webhook, a restarted scheduler) is ignored.
/// </summary>
public sealed record OutboundMessage(
    string Channel,
    string RecipientAddress,
    string Body,
    MessagePriority Priority,
    string DedupeKey);

/// <summary>Durable queue of outbound messages; a background service delivers them.</summary>
public interface IOutbox
{
    /// <summary>Stores the message durably before returning. Returns false when the dedupe key was already used.</summary>
    Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken);
}
