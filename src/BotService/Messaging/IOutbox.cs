namespace BotService.Messaging;

/// <summary>Durable queue of outbound messages; a background service delivers them.</summary>
public interface IOutbox
{
    /// <summary>Stores the message durably before returning. Returns false when the dedupe key was already used.</summary>
    Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken);

    /// <summary>Withdraws every queued message with this <see cref="OutboundMessage.CancelTag"/>; returns how many.</summary>
    Task<int> CancelQueuedAsync(string cancelTag, CancellationToken cancellationToken) => Task.FromResult(0);
}
