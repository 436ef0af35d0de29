namespace BotService.Channels.Twilio;

/// <summary>
/// What Twilio said about one create-message request: its HTTP status, the message SID on success, Twilio's error code
/// on failure. Twilio's error text is left out on purpose: it can quote the recipient's number.
/// </summary>
public sealed record TwilioSendResult(
    int HttpStatus,
    string? Sid = null,
    string? MessageStatus = null,
    int? ErrorCode = null,
    string? MoreInfo = null,
    TimeSpan? RetryAfter = null,
    TwilioTransportFailure TransportFailure = TwilioTransportFailure.None)
{
    public bool IsSuccess => HttpStatus is >= 200 and < 300 && Sid is not null;
}
