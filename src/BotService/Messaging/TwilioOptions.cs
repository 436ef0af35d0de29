namespace BotService.Messaging;

/// <summary>Bound from the <c>Twilio</c> section.</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    public string? AccountSid { get; set; }

    /// <summary>Signs inbound webhooks and authenticates REST calls. Without it the webhook refuses every request.</summary>
    public string? AuthToken { get; set; }

    /// <summary>The bot's number (E.164), used as From unless <see cref="MessagingServiceSid"/> is set.</summary>
    public string? PhoneNumber { get; set; }

    public string? MessagingServiceSid { get; set; }

    /// <summary>Another root for Twilio's REST API (Prism or a local stand-in in tests and the bench). Unset in production:
    /// the SDK then calls api.twilio.com itself.</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>The public https root Twilio calls (e.g. https://bot.example.org). Behind Azure's proxies the request
    /// URL is not what Twilio signed, so signature checks use this when set.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Pacing per sending number; Twilio queues (and may drop) messages sent faster than the number's rate.</summary>
    public double MessagesPerSecond { get; set; } = 1;

    /// <summary>
    /// A pool of senders, each paced at its own rate. Each member always hears from the same one (chosen by a keyed
    /// hash of her number), so the line keeps one face for her. Empty: the one sender above at
    /// <see cref="MessagesPerSecond"/>.
    /// </summary>
    public List<TwilioSenderOptions> Senders { get; set; } = [];

    /// <summary>The senders messages go out through: <see cref="Senders"/>, or the single configured one.</summary>
    public IReadOnlyList<TwilioSenderOptions> SendingPool() =>
        Senders.Count > 0 ? Senders
        : string.IsNullOrWhiteSpace(PhoneNumber) && string.IsNullOrWhiteSpace(MessagingServiceSid) ? []
        : [new TwilioSenderOptions { PhoneNumber = PhoneNumber, MessagingServiceSid = MessagingServiceSid, MessagesPerSecond = MessagesPerSecond }];

    /// <summary>What all senders together can carry; the check-in scheduler spreads a busy minute to fit it.</summary>
    public double TotalMessagesPerSecond => SendingPool() is { Count: > 0 } pool ? pool.Sum(s => s.MessagesPerSecond) : MessagesPerSecond;

    /// <summary>True when outbound messages can go to Twilio; otherwise they go to the dev phone.</summary>
    public bool CanSend => !string.IsNullOrWhiteSpace(AccountSid) && !string.IsNullOrWhiteSpace(AuthToken) && SendingPool().Count > 0;
}
