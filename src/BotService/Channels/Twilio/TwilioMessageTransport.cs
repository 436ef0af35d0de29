using BotService.Messaging;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

/// <summary>
/// Sends outbox messages through Twilio and turns Twilio's answers into retry decisions. Details it returns go into
/// storage and logs, so they carry codes only, never Twilio's message text (which may quote the number).
/// </summary>
public sealed partial class TwilioMessageTransport : IMessageTransport, IPacedTransport
{
    /// <summary>Fixed so operators can alert on it: a carrier filtered one of our messages as spam (30007).</summary>
    public static readonly EventId CarrierFilteredEvent = new(7301, "SmsCarrierFiltered");

    private readonly TwilioMessageSender _sender;
    private readonly KeyedHasher _hasher;
    private readonly IReadOnlyList<TwilioSenderOptions> _pool;
    private readonly ILogger<TwilioMessageTransport> _logger;

    public TwilioMessageTransport(TwilioMessageSender sender, IOptions<TwilioOptions> options, KeyedHasher hasher, ILogger<TwilioMessageTransport> logger)
    {
        _sender = sender;
        _hasher = hasher;
        _pool = options.Value.SendingPool();
        if (_pool.Count == 0) throw new InvalidOperationException("Twilio:PhoneNumber, Twilio:MessagingServiceSid or Twilio:Senders must be set to send SMS.");
        _logger = logger;
    }

    public string Channel => ChannelNames.Sms;

    public string PacingKeyFor(int recipientBucket) => SenderFor(recipientBucket).Key;

    public double MessagesPerSecondOf(string pacingKey) =>
        _pool.FirstOrDefault(s => s.Key == pacingKey)?.MessagesPerSecond ?? _pool.Min(s => s.MessagesPerSecond);

    private TwilioSenderOptions SenderFor(int recipientBucket) => _pool[(recipientBucket % _pool.Count + _pool.Count) % _pool.Count];

    public async Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken)
    {
        var from = SenderFor(RecipientBucket.Of(_hasher, recipientAddress));
        var result = await _sender.SendMessageAsync(recipientAddress, body, from, cancellationToken);
        var outcome = Map(result);
        if (result.ErrorCode == 30007)
        {
            SmsMetrics.CarrierFiltered.Add(1);
            LogCarrierFiltered(outboxMessageId, result.MoreInfo);
        }
        return outcome;
    }

    /// <summary>Twilio's answer to our decision. Public so the status callback classifies error codes the same way.</summary>
    public static SendOutcome Map(TwilioSendResult result)
    {
        if (result.TransportFailure != TwilioTransportFailure.None)
            return new SendOutcome(SendOutcomeKind.RetryLater, Detail: result.TransportFailure == TwilioTransportFailure.Timeout ? "twilio timeout" : "twilio connection error");
        if (result.IsSuccess)
            return new SendOutcome(SendOutcomeKind.Accepted, result.Sid);

        var code = result.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = $"twilio http {result.HttpStatus}" + (code is null ? "" : $" code {code}");
        if (result.HttpStatus == 429 || result.ErrorCode == 20429 || result.HttpStatus >= 500)
            return new SendOutcome(SendOutcomeKind.RetryLater, ErrorCode: code, Detail: detail, RetryAfter: result.RetryAfter);
        if (result.ErrorCode is { } known && ClassifyErrorCode(known) is { } kind)
            return new SendOutcome(kind, ErrorCode: code, Detail: detail);
        return new SendOutcome(SendOutcomeKind.Failed, ErrorCode: code ?? result.HttpStatus.ToString(System.Globalization.CultureInfo.InvariantCulture), Detail: detail);
    }

    /// <summary>The recipient-level meaning of a Twilio error code, or null for "just a failure".</summary>
    public static SendOutcomeKind? ClassifyErrorCode(int code) => ProviderErrorCodes.Classify(code);

    [LoggerMessage(EventId = 7301, EventName = "SmsCarrierFiltered", Level = LogLevel.Error,
        Message = "Carrier filtered outbox message {OutboxMessageId} as spam (Twilio 30007, {MoreInfo}); review the content and the number's registration.")]
    private partial void LogCarrierFiltered(string outboxMessageId, string? moreInfo);
}
