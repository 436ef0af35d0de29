using BotService.Messaging;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

/// <summary>
/// Sends the SDK's requests to <see cref="TwilioOptions.ApiBaseUrl"/> instead of api.twilio.com: the SDK builds absolute
/// URLs on Twilio's own host and has no setting for another. Only registered when ApiBaseUrl is given (tests against
/// Prism or a stand-in, the bench); in production nothing touches the URL.
/// </summary>
internal sealed class TwilioApiBaseUrlHandler(IOptions<TwilioOptions> options) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } original && options.Value.ApiBaseUrl is { Length: > 0 } baseUrl)
            request.RequestUri = new Uri(baseUrl.TrimEnd('/') + original.PathAndQuery);
        return base.SendAsync(request, cancellationToken);
    }
}
