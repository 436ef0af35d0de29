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
        var form = new List<KeyValuePair<string, string>>
        {
            new("MessageSid", $"SM{Interlocked.Increment(ref _sid):D32}"),
            new("AccountSid", "AC00000000000000000000000000000000"),
            new("From", from),
            new("To", "+15550001111"),
            new("Body", body),
            new("NumMedia", "0"),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sms/inbound") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSignatureValidator.Compute(authToken, publicBaseUrl + "/sms/inbound", form));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var twiml = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return twiml.Root!.Elements("Message").Select(m => m.Value).ToList();
    }
}
