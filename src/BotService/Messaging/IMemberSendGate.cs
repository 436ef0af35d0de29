
namespace BotService.Messaging;

/// <summary>
/// Asked by the outbox dispatcher just before a message addressed to a member leaves, on every channel, whatever
/// queued it: her state may have changed since (STOP, her code word), and a queued message must not outlive that.
/// </summary>
public interface IMemberSendGate
{
    Task<SendGateDecision> CheckAsync(string memberKey, MessagePriority priority, CancellationToken cancellationToken);
}
