namespace BotService.Messaging;

/// <summary>
/// Told when a provider reports that a recipient can no longer be messaged, so the opt-out layer can stop every
/// dialog and schedule for that person. Implementations must be idempotent: a status callback and a send result can
/// both report the same recipient. The recipient address is the plain address (E.164 for SMS): never log it.
/// </summary>
public interface IRecipientStatusSink
{
    /// <summary>The recipient opted out at the carrier or provider (STOP sent to the number; Twilio 21610).</summary>
    Task RecipientOptedOutAsync(string channel, string recipientAddress, CancellationToken cancellationToken);

    /// <summary>The address cannot receive messages (invalid, landline, unknown or unreachable handset).</summary>
    Task RecipientUnreachableAsync(string channel, string recipientAddress, string? errorCode, CancellationToken cancellationToken);
}
