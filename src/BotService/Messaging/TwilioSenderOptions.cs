namespace BotService.Messaging;

/// <summary>
/// One sender in <c>Twilio:Senders</c>: a phone number (long code, toll-free or short code) or a Messaging Service,
/// with the rate its carrier registration allows (about 1/s for a US long code, more for toll-free and short codes;
/// a Messaging Service carries the sum of its numbers).
/// </summary>
public sealed class TwilioSenderOptions
{
    public string? PhoneNumber { get; set; }

    public string? MessagingServiceSid { get; set; }

    public double MessagesPerSecond { get; set; } = 1;

    /// <summary>What the pacer and the logs call this sender (a number or a service SID is not a member's data).</summary>
    public string Key => string.IsNullOrWhiteSpace(MessagingServiceSid) ? PhoneNumber ?? "" : MessagingServiceSid;
}
