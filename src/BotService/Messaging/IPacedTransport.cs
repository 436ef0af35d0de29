namespace BotService.Messaging;

/// <summary>
/// Optional on an <see cref="Conversation.IMessageTransport"/>: names the sender whose rate limit a message uses
/// (a phone number or a messaging service). Transports without it are paced per channel.
/// </summary>
public interface IPacedTransport
{
    string PacingKey { get; }
}
