using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotService.Tests.Channels.Twilio;

/// <summary>
/// A local Kestrel server that plays Twilio's create-message endpoint with scripted faults, so the real
/// <see cref="BotService.Channels.Twilio.TwilioMessageSender"/> (Twilio's SDK underneath) goes over real HTTP (status codes, headers, hung sockets).
/// </summary>
internal sealed class TwilioStandIn : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _hanging;
    private int _sidCounter;

    public ConcurrentQueue<(string To, string Body, StandInReply Reply)> Requests { get; } = new();

    /// <summary>Chooses the reply from the recipient and how many requests that recipient has made (1-based).</summary>
    public Func<string, int, StandInReply> Decide { get; set; } = (_, _) => StandInReply.Accept;

    /// <summary>What <see cref="StandInReply.Scripted"/> answers, byte for byte.</summary>
    public (int Status, string ContentType, string Body, string? RetryAfter) Script { get; set; } = (200, "application/json", "{}", null);

    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>Who each message went out through (From, or the Messaging Service), timed by <see cref="Clock"/>.</summary>
    public ConcurrentQueue<(string To, string Sender, DateTimeOffset At)> Senders { get; } = new();
    public TimeProvider Clock { get; set; } = TimeProvider.System;
    public string BaseUrl { get; }

    private TwilioStandIn(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<TwilioStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TwilioStandIn? self = null;
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", (HttpContext ctx) => self!.HandleAsync(ctx));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new TwilioStandIn(app, address);
        return self;
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        if (!ctx.Request.Headers.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal))
        {
            ctx.Response.StatusCode = 401;
            return;
        }
        var form = await ctx.Request.ReadFormAsync();
        var to = form["To"].ToString();
        Senders.Enqueue((to, form.TryGetValue("MessagingServiceSid", out var service) ? service.ToString() : form["From"].ToString(), Clock.GetUtcNow()));
        var nth = Requests.Count(r => r.To == to) + 1;
        var reply = Decide(to, nth);
        Requests.Enqueue((to, form["Body"].ToString(), reply));
        switch (reply)
        {
            case StandInReply.Accept:
                ctx.Response.StatusCode = 201;
                await ctx.Response.WriteAsJsonAsync(new { sid = "SM" + Interlocked.Increment(ref _sidCounter).ToString("x32", CultureInfo.InvariantCulture), status = "queued", error_code = (int?)null, to });
                return;
            case StandInReply.TooManyRequests:
                ctx.Response.StatusCode = 429;
                ctx.Response.Headers.RetryAfter = "30";
                await ctx.Response.WriteAsJsonAsync(new { code = 20429, message = "Too Many Requests", more_info = "https://www.twilio.com/docs/errors/20429", status = 429 });
                return;
            case StandInReply.ServerError:
                ctx.Response.StatusCode = 500;
                await ctx.Response.WriteAsync("<html>upstream error</html>");
                return;
            case StandInReply.OptedOut:
                await Error(ctx, 21610, "Attempt to send to unsubscribed recipient");
                return;
            case StandInReply.InvalidNumber:
                await Error(ctx, 21211, $"The 'To' number {to} is not a valid phone number.");
                return;
            case StandInReply.CarrierFiltered:
                await Error(ctx, 30007, "Message filtered");
                return;
            case StandInReply.NotMobile:
                await Error(ctx, 21614, $"'To' number {to} is not a valid mobile number");
                return;
            case StandInReply.Scripted:
                ctx.Response.StatusCode = Script.Status;
                ctx.Response.ContentType = Script.ContentType;
                if (Script.RetryAfter is { } retryAfter) ctx.Response.Headers.RetryAfter = retryAfter;
                await ctx.Response.WriteAsync(Script.Body);
                return;
            case StandInReply.Hang:
                Interlocked.Increment(ref _hanging);
                try { await Task.Delay(Timeout.Infinite, ctx.RequestAborted); }
                catch (OperationCanceledException) { }
                finally { Interlocked.Decrement(ref _hanging); }
                return;
        }
    }

    private static async Task Error(HttpContext ctx, int code, string message)
    {
        ctx.Response.StatusCode = 400;
        await ctx.Response.WriteAsJsonAsync(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status = 400 });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
