namespace BotService.Conversation;

public enum SendOutcomeKind
{
    /// <summary>The provider took the message; <see cref="SendOutcome.ProviderMessageId"/> is its id.</summary>
    Accepted,
    /// <summary>Transient (429, 5xx, timeout): try again later.</summary>
    RetryLater,
    /// <summary>The recipient has opted out at the carrier or provider (Twilio 21610): never retry.</summary>
    RecipientOptedOut,
    /// <summary>The number cannot receive (Twilio 21211, 30005, 30006).</summary>
    RecipientUnreachable,
    /// <summary>Permanent failure for another reason; recorded with its code.</summary>
    Failed,
}

public sealed record SendOutcome(SendOutcomeKind Kind, string? ProviderMessageId = null, string? ErrorCode = null, string? Detail = null, TimeSpan? RetryAfter = null);

/// <summary>Delivers one message on one channel (Twilio REST, the Bot Framework connector, the local dev phone).</summary>
public interface IMessageTransport
{
    string Channel { get; }
    Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken);
}
