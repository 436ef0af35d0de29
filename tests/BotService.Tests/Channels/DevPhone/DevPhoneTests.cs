using System.Net;
using System.Net.Http.Json;
using BotService.Channels.DevPhone;
using BotService.Messaging;
using BotService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Channels.DevPhone;

public sealed class DevPhoneTests
{
    private sealed record Thread(string Number, Message[] Messages);
    private sealed record Message(string Direction, string Body, DateTimeOffset At, string Source, long Sequence);
    private sealed record Sent(string Number, string[] Replies);

    private static BotTestHost NoTwilio(string environment = "Development", IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?> { ["Twilio:AccountSid"] = "", ["Twilio:PhoneNumber"] = "" };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return new BotTestHost { Environment = environment, Settings = settings, TurnHandler = new(), CaptureLogs = true };
    }

    [Fact]
    public async Task A_text_from_the_dev_phone_runs_a_turn_and_both_sides_appear_in_its_thread()
    {
        using var app = NoTwilio();
        app.TurnHandler!.Reply = m => new TurnReply([$"Hi! You said {m.Text}", "Second <b>line</b>"]);
        var client = app.CreateClient();

        var post = await client.PostAsJsonAsync("/dev/phone/messages", new { from = "(555) 555-0100", body = "hello bot" });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var sent = (await post.Content.ReadFromJsonAsync<Sent>())!;
        Assert.Equal("+15555550100", sent.Number);
        Assert.Equal(["Hi! You said hello bot", "Second <b>line</b>"], sent.Replies);
        var turn = Assert.Single(app.TurnHandler!.Received);
        Assert.Equal(("+15555550100", "hello bot", BotService.Messaging.ChannelNames.Sms), (turn.SenderAddress, turn.Text, turn.Channel));

        var thread = (await client.GetFromJsonAsync<Thread>("/dev/phone/messages?number=%2B15555550100"))!;
        Assert.Equal(["sent", "received", "received"], thread.Messages.Select(m => m.Direction));
        Assert.Equal(["hello bot", "Hi! You said hello bot", "Second <b>line</b>"], thread.Messages.Select(m => m.Body));
        Assert.Empty((await client.GetFromJsonAsync<Thread>("/dev/phone/messages?number=5555550101"))!.Messages);
    }

    [Fact]
    public async Task Outbound_sms_goes_to_the_dev_phone_when_twilio_cannot_send()
    {
        using var app = NoTwilio();
        var client = app.CreateClient();
        var transport = app.Services.GetServices<IMessageTransport>().Single(t => t.Channel == BotService.Messaging.ChannelNames.Sms);
        Assert.IsType<DevPhoneTransport>(transport);

        var outcome = await transport.SendAsync("+15555550110", "A member needs a call back", "outbox-1", default);
        Assert.Equal(SendOutcomeKind.Accepted, outcome.Kind);
        Assert.StartsWith("DV", outcome.ProviderMessageId, StringComparison.Ordinal);
        Assert.Equal(SendOutcomeKind.RecipientUnreachable, (await transport.SendAsync("nope", "x", "outbox-2", default)).Kind);

        var thread = (await client.GetFromJsonAsync<Thread>("/dev/phone/messages?number=%2B15555550110"))!;
        var message = Assert.Single(thread.Messages);
        Assert.Equal(("received", "A member needs a call back", "outbox"), (message.Direction, message.Body, message.Source));
        Assert.Contains("+15555550110", (await client.GetFromJsonAsync<string[]>("/dev/phone/numbers"))!);
    }

    [Fact]
    public void With_twilio_credentials_the_dev_phone_transport_is_not_registered()
    {
        using var app = new BotTestHost { TurnHandler = new(), CaptureLogs = true, Settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = "AC" + new string('1', 32),
            ["Twilio:PhoneNumber"] = "+15555550199",
        } };
        _ = app.CreateClient();
        Assert.DoesNotContain(app.Services.GetServices<IMessageTransport>(), t => t is DevPhoneTransport);
    }

    [Fact]
    public async Task Bad_input_is_a_400()
    {
        using var app = NoTwilio();
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/dev/phone/messages", new { from = "hello", body = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/dev/phone/messages?number=12")).StatusCode);
        Assert.Equal(0, app.TurnHandler!.Calls);
    }

    [Fact]
    public async Task The_page_is_self_contained_accessible_and_locked_down()
    {
        using var app = NoTwilio();
        var response = await app.CreateClient().GetAsync("/dev/phone");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("name=\"viewport\"", html, StringComparison.Ordinal);
        foreach (var id in new[] { "number", "body", "preset" })
            Assert.Contains($"<label for=\"{id}\">", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(src|href)=\"(https?:)?//", html);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'sha256-", csp, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", "true")]
    [InlineData("Production", null)]
    [InlineData("Staging", null)]
    public async Task The_dev_phone_is_a_404_where_it_is_not_enabled_and_always_in_production(string environment, string? enabled)
    {
        using var app = NoTwilio(environment, new Dictionary<string, string?> { ["DevPhone:Enabled"] = enabled });
        var client = app.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/phone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/dev/phone/messages?number=%2B15555550100")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/dev/phone/messages", new { from = "+15555550100", body = "hi" })).StatusCode);
        Assert.Equal(0, app.TurnHandler!.Calls);
        if (environment == "Production")
        {
            Assert.Null(app.Services.GetService<DevPhoneLog>());
            Assert.DoesNotContain(app.Services.GetServices<IMessageTransport>(), t => t is DevPhoneTransport);
        }
    }

    [Fact]
    public async Task It_can_be_enabled_outside_development_by_setting()
    {
        using var app = NoTwilio("Staging", new Dictionary<string, string?> { ["DevPhone:Enabled"] = "true" });
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync("/dev/phone")).StatusCode);
    }

    [Fact]
    public void The_log_keeps_the_last_200_texts_per_number_and_is_safe_under_concurrency()
    {
        var log = new DevPhoneLog(TimeProvider.System);
        Parallel.For(0, 1000, i => log.Record(i % 2 == 0 ? "+15555550100" : "+15555550101", DevPhoneDirection.Sent, $"m{i}", "test"));
        var a = log.For("+15555550100");
        Assert.Equal(DevPhoneLog.PerNumberLimit, a.Count);
        Assert.Equal(a.OrderBy(e => e.Sequence), a);
        Assert.Equal(DevPhoneLog.PerNumberLimit, log.For("+15555550101").Count);
        Assert.Empty(log.For("+15555550102"));

        for (var i = 0; i < DevPhoneLog.NumberLimit + 5; i++) log.Record("+1555555" + (1000 + i), DevPhoneDirection.Received, "x", "test");
        Assert.Equal(DevPhoneLog.NumberLimit, log.Numbers().Count);
    }
}
