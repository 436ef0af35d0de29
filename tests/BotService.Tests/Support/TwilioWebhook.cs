using System.Net;
using System.Xml.Linq;
using BotService.Channels.Twilio;

namespace BotService.Tests.Support;

/// <summary>Texts the bot the way Twilio delivers a message: a signed form POST to /sms/inbound, TwiML back.</summary>
public sealed class TwilioWebhook(HttpClient client, string authToken, string publicBaseUrl)
{
    private int _sid;

    /// <summary>Sends <paramref name="body"/> from <paramref name="from"/>; returns the TwiML &lt;Message&gt; texts.</summary>
    public async Task<IReadOnlyList<string>> SendAsync(string from, string body)
    {
        using var request = TwilioInboundRequest.Create(authToken, publicBaseUrl,
            TwilioInboundRequest.Form($"SM{Interlocked.Increment(ref _sid):D32}", from, body));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var twiml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return twiml.Root!.Elements("Message").Select(m => m.Value).ToList();
    }
}
