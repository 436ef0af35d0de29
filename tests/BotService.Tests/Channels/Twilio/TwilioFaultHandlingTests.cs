using System.Diagnostics.Metrics;
using BotService.Channels.Twilio;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace BotService.Tests.Channels.Twilio;

public class TwilioFaultHandlingTests(ITestOutputHelper output)
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    /// <summary>The transport over the sender as the app registers it, pointed at <paramref name="baseUrl"/>; dispose the provider.</summary>
    private static (TwilioMessageTransport Transport, ServiceProvider Services) Transport(OutboundHarness h, string baseUrl)
    {
        h.Twilio.AccountSid = AccountSid;
        h.Twilio.AuthToken = "test-token";
        h.Twilio.PhoneNumber = "+15550001111";
        h.Twilio.ApiBaseUrl = baseUrl;
        var services = TwilioSenderServices.Build(h.Twilio, h.Clock);
        var transport = new TwilioMessageTransport(services.GetRequiredService<TwilioMessageSender>(), Options.Create(h.Twilio),
            h.Hasher, NullLogger<TwilioMessageTransport>.Instance);
        return (transport, services);
    }

    [Fact]
    public async Task Every_message_ends_sent_or_failed_none_lost_none_sent_twice()
    {
        await using var server = await TwilioStandIn.StartAsync();
        await using var h = new OutboundHarness();
        h.AlsoQuiet = () => server.Hanging > 0;
        var (transport, services) = Transport(h, server.BaseUrl);
        using var _ = services;

        const int count = 40;
        var numbers = Enumerable.Range(0, count).Select(i => $"+1555410{i:D4}").ToList();
        var optedOut = numbers[3];
        var invalid = numbers[7];
        var filtered = numbers[11];
        var hangsOnce = numbers[15];
        var throttledTwice = numbers[19];
        var random = new Random(20250106);
        StandInReply[] transient = [StandInReply.TooManyRequests, StandInReply.ServerError, StandInReply.Hang];
        server.Decide = (to, nth) =>
        {
            if (to == optedOut) return StandInReply.OptedOut;
            if (to == invalid) return StandInReply.InvalidNumber;
            if (to == filtered) return StandInReply.CarrierFiltered;
            if (to == hangsOnce) return nth == 1 ? StandInReply.Hang : StandInReply.Accept;
            if (to == throttledTwice) return nth <= 2 ? StandInReply.TooManyRequests : StandInReply.Accept;
            // Everyone else: 30 % transient faults, fixed seed.
            return random.NextDouble() < 0.3 ? transient[random.Next(transient.Length)] : StandInReply.Accept;
        };

        long carrierFiltered = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SmsMetrics.MeterName && instrument.Name == "botservice.sms.carrier_filtered") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref carrierFiltered, value));
        listener.Start();

        await h.StartDispatcherAsync(transport);
        foreach (var n in numbers) await h.EnqueueAsync(n, "Hi, checking in. Reply OK.");
        var used = await h.RunAsync(TimeSpan.FromHours(1), TimeSpan.FromSeconds(1),
            () => h.MessagesAsync().Result.All(r => r.Status is OutboxStatus.Sent or OutboxStatus.Failed));

        var rows = await h.MessagesAsync();
        var requests = server.Requests.ToList();
        output.WriteLine($"{count} messages, {requests.Count} requests ({requests.Count(r => r.Reply == StandInReply.Hang)} hung, " +
            $"{requests.Count(r => r.Reply == StandInReply.TooManyRequests)} x 429, {requests.Count(r => r.Reply == StandInReply.ServerError)} x 500), " +
            $"{rows.Count(r => r.Status == OutboxStatus.Sent)} sent, {rows.Count(r => r.Status == OutboxStatus.Failed)} failed, fake time {used}");

        // None lost: every message is final and nothing is left queued.
        Assert.Equal(count, rows.Count);
        Assert.All(rows, r => Assert.True(r.Status is OutboxStatus.Sent or OutboxStatus.Failed, $"{r.MessageId} is {r.Status}"));
        Assert.All(rows.Where(r => r.Status == OutboxStatus.Failed), r => Assert.False(string.IsNullOrEmpty(r.FailureReason)));
        Assert.Empty(await h.RowsAsync("due-"));

        // None sent twice: at most one accepted request per recipient, exactly one for each Sent row.
        var accepted = requests.Where(r => r.Reply == StandInReply.Accept).GroupBy(r => r.To).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(accepted, kv => Assert.Equal(1, kv.Value));
        Assert.Equal(rows.Count(r => r.Status == OutboxStatus.Sent), accepted.Count);

        // Permanent errors: one request each, no retry, recorded with the code.
        Assert.Single(requests, r => r.To == optedOut);
        Assert.Single(requests, r => r.To == invalid);
        Assert.Single(requests, r => r.To == filtered);
        Assert.Contains(h.Sink.Calls, c => c.Kind == "opted-out" && c.Recipient == optedOut);
        Assert.Contains(h.Sink.Calls, c => c.Kind == "unreachable" && c.Recipient == invalid && c.Code == "21211");
        Assert.Equal(3, rows.Count(r => r.Status == OutboxStatus.Failed && r.ErrorCode is "21610" or "21211" or "30007"));
        Assert.True(Interlocked.Read(ref carrierFiltered) >= 1, "30007 raises the operator counter");

        // Transient errors were retried to success.
        Assert.Equal(2, requests.Count(r => r.To == hangsOnce));
        Assert.Equal(3, requests.Count(r => r.To == throttledTwice));
        Assert.Contains(requests, r => r.Reply == StandInReply.Hang);
        Assert.Contains(requests, r => r.Reply == StandInReply.ServerError);
    }

    [Theory]
    [InlineData(StandInReply.Accept, SendOutcomeKind.Accepted, null)]
    [InlineData(StandInReply.TooManyRequests, SendOutcomeKind.RetryLater, "20429")]
    [InlineData(StandInReply.ServerError, SendOutcomeKind.RetryLater, null)]
    [InlineData(StandInReply.OptedOut, SendOutcomeKind.RecipientOptedOut, "21610")]
    [InlineData(StandInReply.InvalidNumber, SendOutcomeKind.RecipientUnreachable, "21211")]
    [InlineData(StandInReply.NotMobile, SendOutcomeKind.RecipientUnreachable, "21614")]
    [InlineData(StandInReply.CarrierFiltered, SendOutcomeKind.Failed, "30007")]
    [InlineData(StandInReply.Hang, SendOutcomeKind.RetryLater, null)]
    public async Task Transport_maps_each_reply(StandInReply reply, SendOutcomeKind kind, string? code)
    {
        await using var server = await TwilioStandIn.StartAsync();
        server.Decide = (_, _) => reply;
        await using var h = new OutboundHarness();
        var (transport, services) = Transport(h, server.BaseUrl);
        using var _ = services;

        var send = transport.SendAsync("+15554100001", "hi", "m1", CancellationToken.None);
        if (reply == StandInReply.Hang)
        {
            // Time out on the fake clock: nothing happens until ten seconds pass there.
            while (server.Hanging == 0) await Task.Delay(5);
            h.Clock.Advance(TimeSpan.FromSeconds(9));
            await Task.Delay(50);
            Assert.False(send.IsCompleted);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
            // The deadline also aborted the request underneath: no socket is left hanging until HttpClient's backstop.
            var aborted = System.Diagnostics.Stopwatch.StartNew();
            while (server.Hanging > 0 && aborted.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(10);
            Assert.Equal(0, server.Hanging);
        }
        var outcome = await send.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(kind, outcome.Kind);
        Assert.Equal(code, outcome.ErrorCode);
        if (kind == SendOutcomeKind.Accepted) Assert.Matches("^SM[0-9a-f]{32}$", outcome.ProviderMessageId);
        if (reply == StandInReply.TooManyRequests) Assert.Equal(TimeSpan.FromSeconds(30), outcome.RetryAfter);
        // Twilio's text can quote the number; what we keep must not.
        Assert.DoesNotContain("5554100001", outcome.Detail ?? "");
    }

    [Fact]
    public async Task Connection_refused_is_retry_later()
    {
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        await using var h = new OutboundHarness();
        var (transport, services) = Transport(h, $"http://127.0.0.1:{port}");
        using var _ = services;
        var outcome = await transport.SendAsync("+15554100001", "hi", "m1", CancellationToken.None);
        Assert.Equal(SendOutcomeKind.RetryLater, outcome.Kind);
        Assert.Equal("twilio connection error", outcome.Detail);
    }

    /// <summary>Raw answers as a proxy or Twilio may give them, through the SDK: where the SDK's exception loses the
    /// status (a body that is not Twilio's JSON) or the Retry-After, the recorded response supplies it.</summary>
    [Theory]
    [InlineData(400, "application/json", """{"code":21617,"message":"The concatenated message body exceeds the 1600 character limit.","status":400}""", null, SendOutcomeKind.Failed, "21617")]
    [InlineData(401, "application/json", """{"code":20003,"message":"Authenticate","status":401}""", null, SendOutcomeKind.Failed, "20003")]
    [InlineData(503, "text/plain", "", null, SendOutcomeKind.RetryLater, null)]
    [InlineData(502, "text/html", "<html><body>502 Bad Gateway</body></html>", "7", SendOutcomeKind.RetryLater, null)]
    [InlineData(429, "application/json", """{"code":20429,"message":"Too Many Requests","status":429}""", "12", SendOutcomeKind.RetryLater, "20429")]
    [InlineData(400, "application/json", """{"code":"20429","message":"Too many","status":400}""", null, SendOutcomeKind.RetryLater, "20429")]
    [InlineData(400, "application/json", """{"code":30005,"status":400}""", null, SendOutcomeKind.RecipientUnreachable, "30005")]
    [InlineData(400, "application/json", """{"code":30006,"status":400}""", null, SendOutcomeKind.RecipientUnreachable, "30006")]
    [InlineData(404, "text/html", "<html>not found</html>", null, SendOutcomeKind.Failed, "404")]
    [InlineData(201, "application/json", """{"sid":"SM0123","status":"queued","error_code":null}""", null, SendOutcomeKind.Accepted, null)]
    public async Task Maps_raw_answers(int status, string contentType, string body, string? retryAfter, SendOutcomeKind kind, string? code)
    {
        await using var server = await TwilioStandIn.StartAsync();
        server.Decide = (_, _) => StandInReply.Scripted;
        server.Script = (status, contentType, body, retryAfter);
        await using var h = new OutboundHarness();
        var (transport, services) = Transport(h, server.BaseUrl);
        using var _ = services;

        var outcome = await transport.SendAsync("+15554100001", "hi", "m1", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(kind, outcome.Kind);
        Assert.Equal(code, outcome.ErrorCode);
        if (kind != SendOutcomeKind.Accepted) Assert.StartsWith($"twilio http {status}", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal(retryAfter is null ? null : TimeSpan.FromSeconds(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture)), outcome.RetryAfter);
    }

    [Fact]
    public async Task The_sender_keeps_status_code_and_link_but_not_twilios_text()
    {
        await using var server = await TwilioStandIn.StartAsync();
        server.Decide = (_, _) => StandInReply.InvalidNumber;
        await using var h = new OutboundHarness();
        using var services = Transport(h, server.BaseUrl).Services;

        var r = await services.GetRequiredService<TwilioMessageSender>().SendMessageAsync("+15554100001", "hi", null, CancellationToken.None);
        Assert.Equal((400, 21211, "https://www.twilio.com/docs/errors/21211"), (r.HttpStatus, r.ErrorCode, r.MoreInfo));
        Assert.Null(r.Sid);
        Assert.DoesNotContain("5554100001", r.ToString());
    }
}
