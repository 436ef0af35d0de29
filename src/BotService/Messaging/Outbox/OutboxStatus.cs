
namespace BotService.Messaging.Outbox;

/// <summary>Where a message is. Only moves forward (see <see cref="OutboxStatuses.Rank"/>), except Sending back to
/// Queued when a retryable attempt failed. Withheld: never sent on purpose (the send-time gate, a cancel, an erasure).</summary>
public enum OutboxStatus { Queued, Sending, Sent, Delivered, Failed, Undelivered, Withheld }
