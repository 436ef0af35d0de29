using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace LoadDriver;

/// <summary>Twilio's webhook signature: base64(HMAC-SHA1(AuthToken, URL + each param name+value, sorted by name)).</summary>
public static class TwilioSignature
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "Twilio defines its request signature as HMAC-SHA1; the driver must sign the way Twilio does.")]
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> form)
    {
        var data = new StringBuilder(url);
        // Ordinal: Twilio sorts by raw name, and culture-aware sorting would disagree on names like "To"/"ToCity".
        foreach (var pair in form.OrderBy(p => p.Key, StringComparer.Ordinal))
            data.Append(pair.Key).Append(pair.Value);
        var mac = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(mac);
    }
}

/// <summary>Builds the requests each target understands for one member's turn.</summary>
public sealed class PayloadFactory(Options options)
{
    public const string BotNumber = "+15550009999";
    private const string AccountSid = "AC00000000000000000000000000000000";
    private long _sequence;

    public HttpRequestMessage Create(SimulatedMember member, string text) => options.Target switch
    {
        Target.BotFrameworkJs => CreateActivity(member, text),
        Target.Healthz => new HttpRequestMessage(HttpMethod.Get, options.Url),
        _ => CreateTwilio(member, text),
    };

    /// <summary>The fields Twilio really sends for an inbound SMS, so form parsing costs what it costs in production.</summary>
    public List<KeyValuePair<string, string>> TwilioFields(string from, string body)
    {
        var sid = NextMessageSid();
        return
        [
            new("ToCountry", "US"), new("ToState", "CA"), new("SmsMessageSid", sid), new("NumMedia", "0"),
            new("ToCity", ""), new("FromZip", ""), new("SmsSid", sid), new("FromState", "CA"),
            new("SmsStatus", "received"), new("FromCity", ""), new("Body", body), new("FromCountry", "US"),
            new("To", BotNumber), new("ToZip", ""), new("NumSegments", "1"), new("MessageSid", sid),
            new("AccountSid", AccountSid), new("From", from), new("ApiVersion", "2010-04-01"),
        ];
    }

    /// <summary>SM + 32 hex digits, unique per request (the bot deduplicates retries by MessageSid).</summary>
    public string NextMessageSid() =>
        "SM" + options.RunId.ToString("x8", CultureInfo.InvariantCulture) + Interlocked.Increment(ref _sequence).ToString("x24", CultureInfo.InvariantCulture);

    public string SigningUrl => options.SigningUrl ?? options.Url;

    private HttpRequestMessage CreateTwilio(SimulatedMember member, string text)
    {
        var fields = TwilioFields(member.Phone, text);
        var request = new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(options.AuthToken, SigningUrl, fields));
        return request;
    }

    private HttpRequestMessage CreateActivity(SimulatedMember member, string text)
    {
        var id = NextMessageSid();
        // The fields BotFrameworkAdapter reads to route the turn and address the reply; serviceUrl is our own sink.
        var activity = new Dictionary<string, object?>
        {
            ["type"] = "message",
            ["id"] = id,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["channelId"] = "sms-bench",
            ["serviceUrl"] = options.SinkUrl,
            ["from"] = new { id = member.ChannelId, name = "member" },
            ["recipient"] = new { id = "bot", name = "bot" },
            ["conversation"] = new { id = "conv-" + member.ChannelId },
            ["text"] = text,
            ["locale"] = "en-US",
        };
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(activity));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, options.Url) { Content = content };
    }
}
