using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

/// <summary>How a call to Twilio ended when no HTTP answer came back.</summary>
public enum TwilioTransportFailure { None, Timeout, Connection }

/// <summary>
/// What Twilio said about one create-message request. <see cref="ErrorMessage"/> is Twilio's text and may quote the
/// recipient's number: show it to nobody and never store it.
/// </summary>
public sealed record TwilioSendResult(
    int HttpStatus,
    string? Sid = null,
    string? MessageStatus = null,
    int? ErrorCode = null,
    string? ErrorMessage = null,
    string? MoreInfo = null,
    TimeSpan? RetryAfter = null,
    TwilioTransportFailure TransportFailure = TwilioTransportFailure.None)
{
    public bool IsSuccess => HttpStatus is >= 200 and < 300 && Sid is not null;
}

/// <summary>
/// The one Twilio REST call we make: create a message. Deliberately thin (no SDK): form-encoded POST, basic auth, and
/// a parse of the success and error bodies. Mapping results to retry decisions is <see cref="TwilioMessageTransport"/>'s job.
/// </summary>
public sealed class TwilioRestClient
{
    public const string HttpClientName = "twilio";

    /// <summary>Twilio answers a create in well under a second; ten seconds means something is wrong and we retry later.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly IHttpClientFactory _httpClientFactory;
    private readonly IOptions<TwilioOptions> _options;
    private readonly TimeProvider _time;

    public TwilioRestClient(IHttpClientFactory httpClientFactory, IOptions<TwilioOptions> options, TimeProvider time)
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

    public async Task<TwilioSendResult> SendMessageAsync(string to, string body, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        if (string.IsNullOrWhiteSpace(options.AccountSid) || string.IsNullOrWhiteSpace(options.AuthToken))
            throw new InvalidOperationException("Twilio:AccountSid and Twilio:AuthToken must be set to send SMS.");

        var form = new List<KeyValuePair<string, string>> { new("To", to) };
        // A messaging service picks the sender from its pool and applies its own compliance rules; prefer it.
        if (!string.IsNullOrWhiteSpace(options.MessagingServiceSid)) form.Add(new("MessagingServiceSid", options.MessagingServiceSid));
        else if (!string.IsNullOrWhiteSpace(options.PhoneNumber)) form.Add(new("From", options.PhoneNumber));
        else throw new InvalidOperationException("Twilio:PhoneNumber or Twilio:MessagingServiceSid must be set to send SMS.");
        form.Add(new("Body", body));
        if (StatusCallbackUrl(options) is { } callback) form.Add(new("StatusCallback", callback));

        var url = $"{options.ApiBaseUrl.TrimEnd('/')}/2010-04-01/Accounts/{Uri.EscapeDataString(options.AccountSid)}/Messages.json";
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.AccountSid}:{options.AuthToken}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var timeout = new CancellationTokenSource(Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var client = _httpClientFactory.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            var text = await response.Content.ReadAsStringAsync(linked.Token);
            return Parse((int)response.StatusCode, text, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Either our clock-driven timeout or HttpClient's own (real-time) backstop.
            return new TwilioSendResult(0, TransportFailure: TwilioTransportFailure.Timeout);
        }
        catch (HttpRequestException)
        {
            return new TwilioSendResult(0, TransportFailure: TwilioTransportFailure.Connection);
        }
    }

    internal static TwilioSendResult Parse(int status, string text, TimeSpan? retryAfter)
    {
        string? sid = null, messageStatus = null, message = null, moreInfo = null;
        int? code = null;
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                sid = String(root, "sid");
                messageStatus = String(root, "status");
                // Success bodies carry error_code (null on create); error bodies carry code.
                code = Int(root, "code") ?? Int(root, "error_code");
                message = String(root, "message") ?? String(root, "error_message");
                moreInfo = String(root, "more_info");
            }
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: the HTTP status alone decides.
        }
        if (status is < 200 or >= 300) sid = null;
        return new TwilioSendResult(status, sid, messageStatus, code, message, moreInfo, retryAfter);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;

    private static int? Int(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p)) return null;
        if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var n)) return n;
        // Some Twilio bodies quote numbers.
        if (p.ValueKind == JsonValueKind.String && int.TryParse(p.GetString(), out n)) return n;
        return null;
    }
}
