using System.Net;
using System.Xml.Linq;
using BotService.Channels.Twilio;
using BotService.Messaging;
using BotService.Storage;
using BotService.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Channels.Twilio;

public sealed class TwilioInboundWebhookTests : IDisposable
{
    private const string Url = BotTestHost.PublicBaseUrl + "/sms/inbound";
    private const string Phone = "+15555550123";
    private readonly BotTestHost _app = Host();

    private static BotTestHost Host(IDictionary<string, string?>? settings = null, ITableStore? store = null) =>
        new() { TurnHandler = new(), CaptureLogs = true, Settings = settings ?? new Dictionary<string, string?>(), StoreOverride = store };

    public void Dispose() => _app.Dispose();

    internal static List<KeyValuePair<string, string>> Form(string sid, string from = Phone, string body = "hello") =>
    [
        new("AccountSid", "AC" + new string('a', 32)),
        new("MessageSid", sid),
        new("SmsSid", sid),
        new("From", from),
        new("To", "+15555550199"),
        new("Body", body),
        new("NumMedia", "0"),
    ];

    internal static string NewSid() => "SM" + Guid.NewGuid().ToString("N");

    internal static HttpRequestMessage Signed(IReadOnlyList<KeyValuePair<string, string>> form, string url = Url, string token = BotTestHost.AuthToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/sms/inbound") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add(TwilioSignatureValidator.HeaderName, TwilioSignatureValidator.Compute(token, url, form));
        return request;
    }

    private async Task<List<ProcessedMessageEntity>> StoredAsync(BotTestHost? app = null)
    {
        var table = (app ?? _app).Store.GetTable<ProcessedMessageEntity>(ProcessedMessages.TableName);
        var rows = new List<ProcessedMessageEntity>();
        await foreach (var row in table.QueryPartitionAllAsync(ProcessedMessages.Partition)) rows.Add(row);
        return rows;
    }

    private static XElement[] Messages(string twiml)
    {
        var doc = XDocument.Parse(twiml);
        Assert.Equal("Response", doc.Root!.Name.LocalName);
        return doc.Root.Elements("Message").ToArray();
    }

    [Fact]
    public async Task A_signed_message_runs_the_turn_and_gets_its_reply_as_escaped_twiml()
    {
        _app.TurnHandler!.Reply = _ => new TurnReply(["Tom & Jerry <3 \"quotes\"", "second"]);
        var client = _app.CreateClient();
        var response = await client.SendAsync(Signed(Form(NewSid(), from: "(555) 555-0123", body: "hi <there> & you")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType!.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml", text, StringComparison.Ordinal);
        Assert.Contains("<Message>Tom &amp; Jerry &lt;3 \"quotes\"</Message>", text, StringComparison.Ordinal);
        Assert.Equal(["Tom & Jerry <3 \"quotes\"", "second"], Messages(text).Select(m => m.Value));

        var turn = Assert.Single(_app.TurnHandler!.Received);
        Assert.Equal(BotService.Messaging.ChannelNames.Sms, turn.Channel);
        Assert.Equal("+15555550123", turn.SenderAddress);
        Assert.Equal("hi <there> & you", turn.Text);
        Assert.StartsWith("SM", turn.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_request_url_is_used_when_no_public_base_url_is_configured()
    {
        using var app = Host(new Dictionary<string, string?> { ["Twilio:PublicBaseUrl"] = "" });
        var client = app.CreateClient();
        var ok = await client.SendAsync(Signed(Form(NewSid()), url: "http://localhost/sms/inbound"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var wrong = await client.SendAsync(Signed(Form(NewSid()), url: Url));
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
    }

    [Fact]
    public async Task A_signature_over_the_url_with_its_default_port_is_accepted()
    {
        var response = await _app.CreateClient().SendAsync(Signed(Form(NewSid()), url: "https://bot.example.org:443/sms/inbound"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    public static TheoryData<string> Forgeries() => new() { "missing", "garbage", "wrong-token", "other-url", "extra-param", "changed-body" };

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_request_is_refused_and_nothing_runs_or_is_stored(string forgery)
    {
        var form = Form(NewSid(), body: "secret words");
        var request = forgery switch
        {
            "wrong-token" => Signed(form, token: "not-the-token"),
            "other-url" => Signed(form, url: "https://evil.example.org/sms/inbound"),
            _ => Signed(form),
        };
        switch (forgery)
        {
            case "missing": request.Headers.Remove(TwilioSignatureValidator.HeaderName); break;
            case "garbage":
                request.Headers.Remove(TwilioSignatureValidator.HeaderName);
                request.Headers.Add(TwilioSignatureValidator.HeaderName, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
                break;
            case "extra-param": request.Content = new FormUrlEncodedContent([.. form, new("Extra", "1")]); break;
            case "changed-body": request.Content = new FormUrlEncodedContent(form.Select(p => p.Key == "Body" ? new KeyValuePair<string, string>("Body", "STOP") : p)); break;
        }

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, _app.TurnHandler!.Calls);
        Assert.Empty(await StoredAsync());
        Assert.DoesNotContain("secret words", _app.Logs.AllText, StringComparison.Ordinal);
    }

    public static TheoryData<string> Malformations() => new() { "no-from", "no-sid", "from-not-a-phone", "whatsapp-from", "json", "two-froms", "sid-with-symbols" };

    [Theory]
    [MemberData(nameof(Malformations))]
    public async Task A_signed_but_malformed_request_is_a_400_and_nothing_is_stored(string malformation)
    {
        var sid = NewSid();
        var form = malformation switch
        {
            "no-from" => Form(sid).Where(p => p.Key != "From").ToList(),
            "no-sid" => Form(sid).Where(p => p.Key != "MessageSid").ToList(),
            "from-not-a-phone" => Form(sid, from: "hello"),
            "whatsapp-from" => Form(sid, from: "whatsapp:+15555550123"),
            "two-froms" => [.. Form(sid), new("From", "+15555550124")],
            "sid-with-symbols" => Form("SM../../x"),
            _ => Form(sid),
        };
        HttpRequestMessage request;
        if (malformation == "json")
        {
            request = new HttpRequestMessage(HttpMethod.Post, "/sms/inbound") { Content = new StringContent("{\"From\":\"+15555550123\"}", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add(TwilioSignatureValidator.HeaderName, TwilioSignatureValidator.Compute(BotTestHost.AuthToken, Url, []));
        }
        else request = Signed(form);

        var response = await _app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, _app.TurnHandler!.Calls);
        Assert.Empty(await StoredAsync());
    }

    [Fact]
    public async Task A_retried_message_is_processed_once_and_both_answers_are_identical()
    {
        var client = _app.CreateClient();
        var form = Form(NewSid(), body: "first");
        var first = await client.SendAsync(Signed(form));
        var second = await client.SendAsync(Signed(form));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, _app.TurnHandler!.Calls);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal("You said: first", Messages(await second.Content.ReadAsStringAsync()).Single().Value);
    }

    [Fact]
    public async Task Concurrent_deliveries_of_one_message_run_the_turn_once()
    {
        _app.TurnHandler!.Delay = TimeSpan.FromMilliseconds(400);
        var client = _app.CreateClient();
        var form = Form(NewSid(), body: "together");
        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => client.SendAsync(Signed(form))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, _app.TurnHandler!.Calls);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
        Assert.Contains("You said: together", bodies[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_that_outwaits_the_first_delivery_gets_empty_twiml_not_an_error()
    {
        using var app = Host(new Dictionary<string, string?> { ["Sms:DuplicateWait"] = "00:00:00.200" });
        app.TurnHandler!.Delay = TimeSpan.FromSeconds(1.5);
        var client = app.CreateClient();
        var form = Form(NewSid());
        var first = client.SendAsync(Signed(form));
        await Task.Delay(300);
        var duplicate = await client.SendAsync(Signed(form));

        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Empty(Messages(await duplicate.Content.ReadAsStringAsync()));
        Assert.Single(Messages(await (await first).Content.ReadAsStringAsync()));
        Assert.Equal(1, app.TurnHandler!.Calls);
    }

    [Fact]
    public async Task The_stored_reply_is_encrypted_and_keyed_by_a_hash_of_the_message_sid()
    {
        var sid = NewSid();
        await _app.CreateClient().SendAsync(Signed(Form(sid, body: "remember me")));
        var row = Assert.Single(await StoredAsync());
        Assert.Equal(_app.Services.GetRequiredService<ProcessedMessages>().RowKeyFor(sid), row.RowKey);
        Assert.DoesNotContain(sid, row.RowKey, StringComparison.Ordinal);
        Assert.Equal(ProcessingState.Done, row.State);
        Assert.DoesNotContain("remember me", row.ReplyProtected!, StringComparison.Ordinal);
        Assert.StartsWith("v1:", row.ReplyProtected, StringComparison.Ordinal);
        // The database file holds neither her words nor her number.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var dbFolder = Path.GetDirectoryName(_app.Services.GetRequiredService<IConfiguration>()["Storage:Sqlite:Path"])!;
        foreach (var file in Directory.GetFiles(dbFolder))
        {
            var bytes = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain("remember me", bytes, StringComparison.Ordinal);
            Assert.DoesNotContain("5555550123", bytes, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Without_an_auth_token_every_request_is_refused_and_start_up_says_why()
    {
        using var app = Host(new Dictionary<string, string?> { ["Twilio:AuthToken"] = "" });
        var response = await app.CreateClient().SendAsync(Signed(Form(NewSid())));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(0, app.TurnHandler!.Calls);
        Assert.Contains(app.Logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Message.Contains("Twilio:AuthToken is not configured", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_throwing_turn_handler_still_yields_200_with_an_empty_response()
    {
        _app.TurnHandler!.Reply = m => throw new InvalidOperationException("boom while handling " + m.Text);
        var response = await _app.CreateClient().SendAsync(Signed(Form(NewSid(), body: "private words")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(Messages(await response.Content.ReadAsStringAsync()));
        Assert.Contains("System.InvalidOperationException", _app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("private words", _app.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", _app.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_store_still_answers_the_texter()
    {
        var store = new InMemoryTableStore();
        using var app = Host(store: store);
        var client = app.CreateClient();
        // After start-up: other services (the outbox dispatcher) need the store to start.
        store.FailAll = true;
        var response = await client.SendAsync(Signed(Form(NewSid())));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(Messages(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Logs_of_a_webhook_conversation_hold_no_phone_digits_and_no_message_text()
    {
        var client = _app.CreateClient();
        _app.TurnHandler!.Reply = m => new TurnReply(["Reply about " + m.Text]);
        string[] texts = ["I relapsed last night", "my sponsor is Maria", "call me at 555 867 5309"];
        foreach (var text in texts)
        {
            var form = Form(NewSid(), from: "+1 (555) 555-0177", body: text);
            await client.SendAsync(Signed(form));
            await client.SendAsync(Signed(form));
        }
        await client.SendAsync(Signed(Form(NewSid(), from: "+15555550177", body: "forged text"), token: "bad"));
        await client.SendAsync(Signed(Form(NewSid(), from: "not a phone 5550177", body: "bad shape text")));

        var logs = _app.Logs.AllText;
        Assert.NotEmpty(_app.Logs.Lines);
        foreach (var fragment in new[] { "5555550177", "555-0177", "5550177", "8675309", "relapsed", "Maria", "forged text", "bad shape text", "Reply about" })
            Assert.DoesNotContain(fragment, logs, StringComparison.OrdinalIgnoreCase);
    }
}
