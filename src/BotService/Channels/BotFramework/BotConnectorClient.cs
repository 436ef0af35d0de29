using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using BotService.Messaging;
using Microsoft.Extensions.Options;

namespace BotService.Channels.BotFramework;

/// <summary>
/// Posts activities to a channel's connector (the Bot Connector REST API, v3). Only ever to the service URL of a
/// stored conversation reference, which came from an authenticated activity; it never takes a URL from anywhere else.
/// </summary>
public sealed partial class BotConnectorClient(
    IHttpClientFactory httpClients,
    BotConnectorTokenProvider tokens,
    IOptions<BotFrameworkOptions> options,
    ILogger<BotConnectorClient> logger)
{
    internal const string HttpClientName = "BotFramework.Connector";

    public async Task<SendOutcome> SendAsync(ConversationReference reference, BotFrameworkActivity activity, string? replyToId, CancellationToken cancellationToken)
    {
        if (!IsAllowedServiceUrl(reference))
        {
            LogInsecureServiceUrl(logger);
            return new SendOutcome(SendOutcomeKind.Failed, ErrorCode: "insecure-service-url");
        }

        // v3: a reply threads under the activity it answers; without one the message starts fresh (proactive).
        var path = $"v3/conversations/{Uri.EscapeDataString(reference.ConversationId)}/activities"
            + (replyToId is null ? "" : "/" + Uri.EscapeDataString(replyToId));
        var baseUri = reference.ServiceUrl.AbsoluteUri.EndsWith('/') ? reference.ServiceUrl : new Uri(reference.ServiceUrl.AbsoluteUri + "/");
        var target = new Uri(baseUri, path);

        string? token;
        try { token = await tokens.GetTokenAsync(cancellationToken); }
        catch (BotTokenException ex)
        {
            return new SendOutcome(SendOutcomeKind.RetryLater, ErrorCode: "token-unavailable", Detail: ex.Message, RetryAfter: TimeSpan.FromMinutes(1));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, target)
        {
            Content = JsonContent.Create(activity, options: BotFrameworkJson.Options),
        };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpResponseMessage response;
        try { response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken); }
        catch (HttpRequestException ex)
        {
            return new SendOutcome(SendOutcomeKind.RetryLater, ErrorCode: "network", Detail: ex.GetType().Name);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return new SendOutcome(SendOutcomeKind.RetryLater, ErrorCode: "timeout", Detail: ex.GetType().Name);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                ResourceResponse? body = null;
                try { body = await response.Content.ReadFromJsonAsync<ResourceResponse>(BotFrameworkJson.Options, cancellationToken); }
                catch (System.Text.Json.JsonException) { /* Some channels answer 201/202 with no body; the send still worked. */ }
                return new SendOutcome(SendOutcomeKind.Accepted, ProviderMessageId: body?.Id);
            }
            if (response.StatusCode == HttpStatusCode.Unauthorized) tokens.Invalidate();
            LogConnectorStatus(logger, status);
            return status switch
            {
                429 or >= 500 => new SendOutcome(SendOutcomeKind.RetryLater, ErrorCode: status.ToString(CultureInfo.InvariantCulture), RetryAfter: RetryAfter(response)),
                // 401/403: our credentials or the bot's membership; 404: the conversation is gone. Retrying won't help.
                _ => new SendOutcome(SendOutcomeKind.Failed, ErrorCode: status.ToString(CultureInfo.InvariantCulture)),
            };
        }
    }

    private bool IsAllowedServiceUrl(ConversationReference reference)
    {
        var scheme = reference.ServiceUrl.Scheme;
        if (scheme == Uri.UriSchemeHttps) return true;
        if (scheme != Uri.UriSchemeHttp) return false;
        // The emulator listens on http://localhost; tests run a local channel. Production channels are https.
        return options.Value.AllowHttpServiceUrls || (reference.Unauthenticated && reference.ServiceUrl.IsLoopback);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - DateTimeOffset.UtcNow,
            _ => null,
        };

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Refused to send to a Bot Framework service URL that is not https.")]
    private static partial void LogInsecureServiceUrl(ILogger logger);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Bot Framework connector answered HTTP {Status}.")]
    private static partial void LogConnectorStatus(ILogger logger, int status);
}
