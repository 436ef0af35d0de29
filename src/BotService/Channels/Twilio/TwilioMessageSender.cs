using BotService.Messaging;
using BotService.Messaging.Outbox;
using Microsoft.Extensions.Options;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;
using SdkRestClient = Twilio.Clients.TwilioRestClient;

namespace BotService.Channels.Twilio;

/// <summary>
/// The one Twilio REST call we make, create a message, through Twilio's SDK. Turns every way it can end (a message,
/// Twilio's error, no answer) into a <see cref="TwilioSendResult"/>; what that means for retries is
/// <see cref="TwilioMessageTransport"/>'s call.
/// </summary>
public sealed class TwilioMessageSender
{
    public const string HttpClientName = "twilio";

    /// <summary>Twilio answers a create in well under a second; ten seconds means something is wrong and we retry later.</summary>
    public static readonly TimeSpan DefaultTimeout = OutboxOptions.ProviderTimeout;

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptions<TwilioOptions> _options;
    private readonly TimeProvider _time;

    public TwilioMessageSender(IHttpClientFactory httpClientFactory, IOptions<TwilioOptions> options, TimeProvider time)
    {
        _httpClientFactory = httpClientFactory;
        _options = options;
        _time = time;
    }

    /// <summary>The timeout runs on the injected clock so tests can time a hung request out without waiting.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The status callback URL we ask Twilio to call, or null when no public URL is configured.</summary>
    public static string? StatusCallbackUrl(TwilioOptions options) =>
        string.IsNullOrWhiteSpace(options.PublicBaseUrl) ? null : options.PublicBaseUrl.TrimEnd('/') + TwilioStatusEndpoints.Path;

    /// <summary>Sends through <paramref name="from"/>, or the configured single sender when null.</summary>
    public async Task<TwilioSendResult> SendMessageAsync(string to, string body, TwilioSenderOptions? from, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (string.IsNullOrWhiteSpace(options.AccountSid) || string.IsNullOrWhiteSpace(options.AuthToken))
            throw new InvalidOperationException("Twilio:AccountSid and Twilio:AuthToken must be set to send SMS.");

        var create = new CreateMessageOptions(new PhoneNumber(to)) { Body = body };
        from ??= (options.SendingPool() is [var first, ..] ? first : null)
            ?? throw new InvalidOperationException("Twilio:PhoneNumber, Twilio:MessagingServiceSid or Twilio:Senders must be set to send SMS.");
        // A messaging service picks the number from its own pool and applies its own compliance rules; prefer it.
        if (!string.IsNullOrWhiteSpace(from.MessagingServiceSid)) create.MessagingServiceSid = from.MessagingServiceSid;
        else create.From = new PhoneNumber(from.PhoneNumber);
        if (StatusCallbackUrl(options) is { } callback) create.StatusCallback = new Uri(callback);

        // The SDK takes no cancellation token: the deadline is kept around the call on our clock, and the same deadline
        // aborts the HTTP request underneath so a hung socket is not left open.
        using var deadline = new CancellationTokenSource(Timeout, _time);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var http = new RecordingTwilioHttpClient(_httpClientFactory.CreateClient(HttpClientName), abort.Token);
        // LogLevel is cleared because TWILIO_LOG_LEVEL=debug in the environment would make the SDK print request
        // details, which include the recipient's number, to stdout.
        var client = new SdkRestClient(options.AccountSid, options.AuthToken, httpClient: http) { LogLevel = null };
        var send = MessageResource.CreateAsync(create, client);
        try
        {
            var message = await send.WaitAsync(Timeout, _time, cancellationToken);
            return new TwilioSendResult(http.Status ?? 201, message.Sid, message.Status?.ToString(), message.ErrorCode);
        }
        catch (TimeoutException)
        {
            return new TwilioSendResult(0, TransportFailure: TwilioTransportFailure.Timeout);
        }
        catch (ApiConnectionException e)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Our deadline, or HttpClient's own (real-time) backstop, cancelled the request; anything else never got an answer.
            var timedOut = deadline.IsCancellationRequested || e.InnerException is OperationCanceledException;
            return new TwilioSendResult(0, TransportFailure: timedOut ? TwilioTransportFailure.Timeout : TwilioTransportFailure.Connection);
        }
        catch (ApiException e)
        {
            return new TwilioSendResult(e.Status != 0 ? e.Status : http.Status ?? 0, ErrorCode: e.Code != 0 ? e.Code : null,
                MoreInfo: e.MoreInfo, RetryAfter: RetryAfter(http));
        }
        finally
        {
            if (!send.IsCompleted)
            {
                // Given up on (deadline or caller): abort the request underneath now, whichever timer fired first, and
                // observe the failure that follows, which is nobody's news.
                abort.Cancel();
                _ = send.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private TimeSpan? RetryAfter(RecordingTwilioHttpClient http)
    {
        if (http.RetryAfter?.Delta is { } delta) return delta;
        if (http.RetryAfter?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }
}
