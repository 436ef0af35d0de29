using BotService.Messaging;
using BotService.Privacy;

namespace BotService.Channels.DevPhone;

/// <summary>
/// The SMS transport when Twilio credentials are not configured: outbound texts land on the dev phone page instead
/// of a real phone, so the whole bot can be tried locally without sending anything.
/// </summary>
public sealed class DevPhoneTransport(DevPhoneLog log) : IMessageTransport
{
    public string Channel => BotService.Messaging.ChannelNames.Sms;

    public Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken)
    {
        if (!PhoneNumber.TryNormalize(recipientAddress, out var e164))
            return Task.FromResult(new SendOutcome(SendOutcomeKind.RecipientUnreachable, ErrorCode: "dev-invalid-number", Detail: "Not a phone number."));
        log.Record(e164, DevPhoneDirection.Received, body, "outbox");
        return Task.FromResult(new SendOutcome(SendOutcomeKind.Accepted, ProviderMessageId: "DV" + Guid.NewGuid().ToString("N")));
    }
}
