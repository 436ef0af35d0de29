namespace BotService.Messaging;

/// <summary>
/// Optional on an <see cref="IMessageTransport"/> whose provider limits each sender's rate (Twilio).
/// Transports without it are paced per channel at <c>Twilio:MessagesPerSecond</c>.
/// </summary>
public interface IPacedTransport
{
    /// <summary>The sender (a number or a messaging service) that carries messages to recipients of this bucket
    /// (<see cref="RecipientBucket"/>); <see cref="IMessageTransport.SendAsync"/> must use the same one.</summary>
    string PacingKeyFor(int recipientBucket);

    /// <summary>The rate that sender may send at, in messages (segments) per second.</summary>
    double MessagesPerSecondOf(string pacingKey);
}
