using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotService.Bench;

/// <summary>One message as Twilio's create endpoint received it, timed on arrival.</summary>
internal sealed record ReceivedMessage(string Sid, string Sender, string To, string Body, DateTimeOffset At);

/// <summary>
/// Twilio's create-message endpoint on 127.0.0.1 that records every message with its arrival time and answers with a
/// fresh SID, so the scale-out scenario can tie each arrival to its outbox row and check pace, order and duplicates.
/// </summary>
internal sealed class RecordingTwilioStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _sids;

    public ConcurrentQueue<ReceivedMessage> Received { get; } = new();
    public string BaseUrl { get; private set; } = "";

    private RecordingTwilioStandIn(WebApplication app) => _app = app;

    public static async Task<RecordingTwilioStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var self = new RecordingTwilioStandIn(app);
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", self.CreateAsync);
        await app.StartAsync();
        self.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return self;
    }

    private async Task CreateAsync(HttpContext context)
    {
        var at = DateTimeOffset.UtcNow;
        var form = await context.Request.ReadFormAsync();
        var sid = "SM" + Interlocked.Increment(ref _sids).ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        var sender = form.TryGetValue("MessagingServiceSid", out var service) ? service.ToString() : form["From"].ToString();
        Received.Enqueue(new ReceivedMessage(sid, sender, form["To"].ToString(), form["Body"].ToString(), at));
        context.Response.StatusCode = 201;
        await context.Response.WriteAsJsonAsync(new
        {
            sid,
            account_sid = "AC0123456789abcdef0123456789abcdef",
            status = "queued",
            direction = "outbound-api",
            num_segments = "1",
            error_code = (int?)null,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
