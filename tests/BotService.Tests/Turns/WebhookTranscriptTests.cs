using BotService.Tests.Support;

namespace BotService.Tests.Turns;

/// <summary>
/// The whole path a member's text takes in production: a signed Twilio webhook, the real pipeline, the real store,
/// TwiML back. Runs on SQLite and on Azurite.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit calls DisposeAsync, which disposes the host.")]
public abstract class WebhookTranscriptTests : IAsyncLifetime
{
    private const string AuthToken = BotTestHost.AuthToken;
    private const string PublicBaseUrl = BotTestHost.PublicBaseUrl;
    private BotTestHost _host = null!;
    private HttpClient _client = null!;
    private TwilioWebhook _webhook = null!;

    /// <summary>The emulator to run on, or null for the default SQLite file.</summary>
    protected abstract AzuriteFixture? Azurite { get; }

    protected BotTestHost Host => _host;

    public async Task InitializeAsync()
    {
        await PrepareStoreAsync();
        _host = new BotTestHost { Environment = "Production", Azurite = Azurite };
        _client = _host.CreateClient();
        _webhook = new TwilioWebhook(_client, AuthToken, PublicBaseUrl);
    }

    /// <summary>Runs before the host starts (the Azurite store is shared: start from empty tables).</summary>
    protected virtual Task PrepareStoreAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    private async Task<string> MemberSends(string from, string body) => string.Join("\n", await _webhook.SendAsync(from, body));

    [Fact]
    public async Task A_text_with_a_character_normalization_refuses_still_gets_a_reply()
    {
        // Found by the 100,000-request fuzz run: U+FFFE (valid UTF-8, but a noncharacter) made Unicode normalization
        // throw, the fallback's language guess threw again, and the member got empty TwiML.
        using var response = await PostSignedRawFormAsync(
            "MessageSid=SM000000000000000000000000000000aa&From=%2B13125550177&To=%2B15550001111&Body=hi%EF%BF%BEthere");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var messages = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Elements("Message").ToList();
        Assert.NotEmpty(messages);
        Assert.Contains("988", messages[0].Value);
    }

    [Theory]
    [InlineData("i%20want%20to%20die%00")]
    [InlineData("%00%00i%20want%20to%20die")]
    [InlineData("i%20want%20to%1B%5B31m%20die")]
    public async Task A_crisis_text_with_control_characters_gets_the_safety_reply_not_a_400(string body)
    {
        // A NUL or an escape sequence from a broken phone is stripped, not refused: a crisis text must never bounce.
        using var response = await PostSignedRawFormAsync(
            "MessageSid=SM000000000000000000000000000000ab&From=%2B13125550178&To=%2B15550001111&Body=" + body);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var twiml = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("\0", twiml, StringComparison.Ordinal);
        var messages = System.Xml.Linq.XDocument.Parse(twiml).Root!.Elements("Message").ToList();
        Assert.Contains("988", messages[0].Value);
    }

    /// <summary>Posts a form exactly as written (odd bytes included), signed over the values Twilio would sign.</summary>
    private async Task<HttpResponseMessage> PostSignedRawFormAsync(string raw)
    {
        var decoded = await new Microsoft.AspNetCore.WebUtilities.FormReader(raw).ReadFormAsync();
        var signed = decoded.Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString()));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sms/inbound")
        {
            Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Twilio-Signature", BotService.Channels.Twilio.TwilioSignatureValidator.Compute(AuthToken, PublicBaseUrl + "/sms/inbound", signed));
        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task Member_onboards_checks_in_texts_a_crisis_and_stops_all_through_the_webhook()
    {
        const string member = "+13125550199";

        // member: hi / bot: who we are, with the emergency numbers, and the language choice
        var reply = await MemberSends(member, "hi");
        Assert.Contains("988", reply);
        Assert.Contains("Reply 1 for English", reply);
        // member: 1 / bot: consent question
        Assert.Contains("1 yes, 2 no thanks", await MemberSends(member, "1"));
        Assert.Contains("What time each day", await MemberSends(member, "yes"));
        Assert.Contains("looks like Central", await MemberSends(member, "9am"));
        Assert.Contains("Discreet mode", await MemberSends(member, "1"));
        Assert.Contains("code word", await MemberSends(member, "2"));
        Assert.Contains("All set", await MemberSends(member, "SKIP"));

        // member: CHECKIN / bot: asks her mood; member: "i'm a 3" is understood, and the bot moves on to urges
        Assert.Contains("from 1 (really low) to 5 (great)", await MemberSends(member, "CHECKIN"));
        Assert.Contains("from 0 (none) to 10", await MemberSends(member, "i'm a 3"));

        // member: a crisis message mid-check-in / bot: the safety reply first, in the same response
        reply = await MemberSends(member, "honestly i want to kill myself");
        Assert.Contains("988", reply);
        Assert.Contains("911", reply);

        // member: STOP / bot: one confirmation that says how to come back and names a crisis line
        reply = await MemberSends(member, "STOP");
        Assert.Contains("START", reply);
        Assert.Contains("988", reply);
        // member: another text while opted out / bot: says nothing
        Assert.Equal("", await MemberSends(member, "hello?"));
        // member: START / bot: welcome back
        Assert.NotEqual("", await MemberSends(member, "START"));

        // What an operator with the storage account key can read: no digits of her number, none of her words.
        var dump = await DumpStoreAsync();
        Assert.NotEmpty(dump);
        Assert.DoesNotContain("3125550199", dump);
        Assert.DoesNotContain("kill myself", dump, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("i'm a 3", dump, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Every stored byte or entity, as text.</summary>
    protected abstract Task<string> DumpStoreAsync();
}

public sealed class SqliteWebhookTranscriptTests : WebhookTranscriptTests
{
    protected override AzuriteFixture? Azurite => null;

    protected override Task<string> DumpStoreAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var text = new System.Text.StringBuilder();
        foreach (var file in Directory.GetFiles(Host.Folder))
            text.Append(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)));
        return Task.FromResult(text.ToString());
    }
}

[Collection("Azurite")]
public sealed class AzuriteWebhookTranscriptTests(AzuriteFixture azurite) : WebhookTranscriptTests
{
    protected override AzuriteFixture? Azurite => azurite;

    protected override Task<string> DumpStoreAsync() => azurite.DumpAllTablesAsync();

    protected override Task PrepareStoreAsync() => azurite.ClearAllTablesAsync();
}
