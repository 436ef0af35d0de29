namespace BotService.Messaging;

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
