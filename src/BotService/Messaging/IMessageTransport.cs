namespace BotService.Messaging;

/// <summary>Delivers one message on one channel (Twilio REST, the Bot Framework connector, the local dev phone).</summary>
public interface IMessageTransport
{
    string Channel { get; }
    Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken);
}
