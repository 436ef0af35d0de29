using System.Net;
using BotService.Channels.Twilio;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Tests.Messaging;
using BotService.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotService.Tests.Channels.Twilio;

public class TwilioStatusCallbackTests
{
    private const string AuthToken = "status-test-token";
    private const string PublicBase = "https://bot.example.org";

    private sealed class Host : IAsyncDisposable
    {
        public required OutboundHarness Harness { get; init; }
        public required WebApplication App { get; init; }
        public required HttpClient Client { get; init; }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
            await Harness.DisposeAsync();
        }
    }

    private static async Task<Host> StartAsync()
    {
        var h = new OutboundHarness();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(h.Outbox);
        builder.Services.Configure<TwilioOptions>(o => { o.AuthToken = AuthToken; o.PublicBaseUrl = PublicBase; });
        var app = builder.Build();
        app.MapTwilioStatus();
        await app.StartAsync();
        return new Host { Harness = h, App = app, Client = app.GetTestClient() };
    }

    /// <summary>Sends one message through the outbox so a SID index exists; returns the SID.</summary>
    private static async Task<string> SendOneAsync(OutboundHarness h, string to = "+15556100001")
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var transport = new ScriptedTransport(h.Clock) { Script = (_, _, _) => Task.FromResult(new SendOutcome(SendOutcomeKind.Accepted, sid)) };
        await h.StartDispatcherAsync(transport);
        await h.EnqueueAsync(to, "hello");
        await h.RunAsync(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), () => transport.Calls == 1);
        await h.StopDispatcherAsync();
        return sid;
    }

    private static Task<HttpResponseMessage> PostAsync(Host host, Dictionary<string, string> fields, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TwilioStatusEndpoints.Path) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSignatureValidator.Compute(AuthToken, PublicBase + TwilioStatusEndpoints.Path, fields));
        return host.Client.SendAsync(request);
    }

    private static Dictionary<string, string> Status(string sid, string status, string? errorCode = null)
    {
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = sid, ["SmsSid"] = sid, ["MessageStatus"] = status, ["SmsStatus"] = status,
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["To"] = "+15556100001", ["From"] = "+15550001111", ["ApiVersion"] = "2010-04-01",
        };
        if (errorCode is not null) fields["ErrorCode"] = errorCode;
        return fields;
    }

    private static async Task<OutboxRow> RowAsync(OutboundHarness h) => Assert.Single(await h.MessagesAsync());

    [Fact]
    public async Task Delivered_then_sent_stays_delivered()
    {
        await using var host = await StartAsync();
        var sid = await SendOneAsync(host.Harness);
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(host.Harness)).Status);

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Status(sid, "delivered"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Status(sid, "sent"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Status(sid, "queued"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Status(sid, "undelivered", "30003"))).StatusCode);
        var row = await RowAsync(host.Harness);
        Assert.Equal(OutboxStatus.Delivered, row.Status);
        Assert.Null(row.ErrorCode);
    }

    [Fact]
    public async Task Sent_then_delivered_moves_forward()
    {
        await using var host = await StartAsync();
        var sid = await SendOneAsync(host.Harness);
        await PostAsync(host, Status(sid, "sent"));
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(host.Harness)).Status);
        await PostAsync(host, Status(sid, "read"));
        Assert.Equal(OutboxStatus.Delivered, (await RowAsync(host.Harness)).Status);
    }

    [Fact]
    public async Task Undelivered_with_unreachable_code_records_it_and_tells_the_sink()
    {
        await using var host = await StartAsync();
        var sid = await SendOneAsync(host.Harness, "+15556100002");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Status(sid, "undelivered", "30006"))).StatusCode);
        var row = await RowAsync(host.Harness);
        Assert.Equal((OutboxStatus.Undelivered, "30006"), (row.Status, row.ErrorCode));
        var call = Assert.Single(host.Harness.Sink.Calls);
        Assert.Equal(("unreachable", "+15556100002", "30006"), (call.Kind, call.Recipient, call.Code));
    }

    [Fact]
    public async Task Unknown_sid_is_acknowledged()
    {
        await using var host = await StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Status("SM" + new string('0', 32), "delivered"))).StatusCode);
    }

    [Fact]
    public async Task Bad_or_missing_signature_is_forbidden_and_changes_nothing()
    {
        await using var host = await StartAsync();
        var sid = await SendOneAsync(host.Harness);
        var fields = Status(sid, "failed", "30008");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(host, fields, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=")).StatusCode);
        var wrongUrl = TwilioSignatureValidator.Compute(AuthToken, "https://evil.example.org/sms/status", fields);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(host, fields, wrongUrl)).StatusCode);
        var tampered = new Dictionary<string, string>(fields) { ["MessageStatus"] = "delivered" };
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(host, tampered, TwilioSignatureValidator.Compute(AuthToken, PublicBase + "/sms/status", fields))).StatusCode);

        var unsigned = new HttpRequestMessage(HttpMethod.Post, TwilioStatusEndpoints.Path) { Content = new FormUrlEncodedContent(fields) };
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.SendAsync(unsigned)).StatusCode);
        Assert.Equal(OutboxStatus.Sent, (await RowAsync(host.Harness)).Status);
    }

    [NodeTwilioFact]
    public void Signature_matches_the_node_helpers_vectors()
    {
        var form = Channels.Twilio.NodeTwilio.Vectors.Where(v => v.Body is null).ToList();
        Assert.True(form.Count >= 2);
        foreach (var v in form)
            Assert.True(TwilioSignatureValidator.Compute(v.AuthToken, v.Url, v.Parameters) == v.Signature, $"vector '{v.Name}'");
    }
}

