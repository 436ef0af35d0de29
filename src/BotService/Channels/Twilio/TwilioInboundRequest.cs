namespace BotService.Channels.Twilio;

/// <summary>
/// The request Twilio sends for an inbound SMS: the form fields it always carries, signed as it signs them. For tests,
/// benchmarks and local tools that text the bot without Twilio; the bot itself never builds one.
/// </summary>
public static class TwilioInboundRequest
{
    public const string BotNumber = "+15550001111";

    public static IReadOnlyList<KeyValuePair<string, string>> Form(string messageSid, string from, string body) =>
    [
        new("MessageSid", messageSid),
        new("AccountSid", "AC00000000000000000000000000000000"),
        new("From", from),
        new("To", BotNumber),
        new("Body", body),
        new("NumMedia", "0"),
    ];

    /// <summary>A POST of <paramref name="form"/> to <see cref="TwilioInboundEndpoints.InboundPath"/>, signed for
    /// <paramref name="publicBaseUrl"/> (the URL Twilio would have been given) with <paramref name="authToken"/>.</summary>
    public static HttpRequestMessage Create(string authToken, string publicBaseUrl, IReadOnlyList<KeyValuePair<string, string>> form)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TwilioInboundEndpoints.InboundPath) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignatureValidator.HeaderName,
            TwilioSignatureValidator.Compute(authToken, publicBaseUrl.TrimEnd('/') + TwilioInboundEndpoints.InboundPath, form));
        return request;
    }
}
