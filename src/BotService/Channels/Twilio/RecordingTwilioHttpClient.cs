using System.Net.Http.Headers;
using TwilioHttp = Twilio.Http;

namespace BotService.Channels.Twilio;

/// <summary>
/// The SDK's HTTP seam, one per send, over a <see cref="HttpClient"/> from <see cref="IHttpClientFactory"/>. It keeps
/// what the SDK's exceptions drop: the HTTP status (an <c>ApiException</c> says 0 when the body is not Twilio's JSON,
/// e.g. a proxy's HTML 502) and Retry-After (no exception carries headers). It also aborts the request on the send's
/// deadline, since the SDK has no cancellation parameter to pass one through.
/// </summary>
internal sealed class RecordingTwilioHttpClient(HttpClient http, CancellationToken cancellationToken) : TwilioHttp.HttpClient
{
    /// <summary>The HTTP status of the answer, or null when none came back.</summary>
    public int? Status { get; private set; }

    public RetryConditionHeaderValue? RetryAfter { get; private set; }

    public override TwilioHttp.Response MakeRequest(TwilioHttp.Request request) =>
        throw new NotSupportedException("Twilio is only called asynchronously here.");

    public override async Task<TwilioHttp.Response> MakeRequestAsync(TwilioHttp.Request request)
    {
        LastRequest = request;
        var method = new HttpMethod(request.Method.ToString().ToUpperInvariant());
        using var message = new HttpRequestMessage(method, request.ConstructUrl());
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Authentication(request.Username, request.Password));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var header in request.HeaderParams ?? []) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        // Only form-encoded calls (creating a message) come through here.
        if (method != HttpMethod.Get) message.Content = new FormUrlEncodedContent(request.PostParams);

        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        Status = (int)response.StatusCode;
        RetryAfter = response.Headers.RetryAfter;
        var content = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        LastResponse = new TwilioHttp.Response(response.StatusCode, content, response.Headers);
        return LastResponse;
    }
}
