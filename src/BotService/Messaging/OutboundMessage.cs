namespace BotService.Messaging;

/// <summary>
/// A message to send outside the current turn. <see cref="DedupeKey"/> makes enqueueing idempotent: a second
/// enqueue with the same key (a retried webhook, a restarted scheduler) is ignored.
/// </summary>
public sealed record OutboundMessage(
    string Channel,
    string RecipientAddress,
    string Body,
    MessagePriority Priority,
    string DedupeKey)
{
    /// <summary>The member this is addressed to (null for volunteers and staff). Set, the send-time gate checks her
    /// opt-out, silence and quiet hours when the message leaves, not only when it was queued, and DELETE MY DATA
    /// cancels it.</summary>
    public string? MemberKey { get; init; }

    /// <summary>The answer to what she sent in this very turn (a channel that replies through the outbox): it is sent
    /// even when she has just opted out or gone quiet, because that answer is the confirmation she asked for.</summary>
    public bool IsTurnReply { get; init; }

    /// <summary>Groups messages that can be withdrawn together before they leave (for example one volunteer's pages
    /// when she goes off call); see <see cref="IOutbox.CancelQueuedAsync"/>.</summary>
    public string? CancelTag { get; init; }

    /// <summary>The tag of a message to someone else that carries a member's words (her text relayed to her volunteer):
    /// DELETE MY DATA withdraws it too.</summary>
    public static string ConcerningMember(string memberKey) => "member:" + memberKey;
}
