using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotService.Bench;

/// <summary>
/// Twilio's create-message endpoint on 127.0.0.1 for the send benchmark: a 201 with a whole message resource, or for
/// the recipient <see cref="OptedOut"/> the 400 (code 21610) Twilio sends for an unsubscribed number. Answers are fixed
/// strings so the benchmark measures our side of the wire, not the stand-in.
/// </summary>
internal sealed class BenchTwilioStandIn : IAsyncDisposable
{
    public const string OptedOut = "+15550009999";

    private const string Created = """
        {"account_sid":"AC0123456789abcdef0123456789abcdef","api_version":"2010-04-01","body":"Hi, it's your check-in. Reply OK.",
        "date_created":"Tue, 01 Dec 2026 10:00:00 +0000","date_sent":null,"date_updated":"Tue, 01 Dec 2026 10:00:00 +0000",
        "direction":"outbound-api","error_code":null,"error_message":null,"from":"+15550001111",
        "messaging_service_sid":null,"num_media":"0","num_segments":"1","price":null,"price_unit":"USD",
        "sid":"SM0123456789abcdef0123456789abcdef","status":"queued",
        "subresource_uris":{"media":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef/Media.json"},
        "to":"+15556200001","uri":"/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages/SM0123456789abcdef0123456789abcdef.json"}
        """;

    private const string Unsubscribed = """
        {"code":21610,"message":"Attempt to send to unsubscribed recipient","more_info":"https://www.twilio.com/docs/errors/21610","status":400}
        """;

    private readonly WebApplication _app;

    public string BaseUrl { get; }

    private BenchTwilioStandIn(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<BenchTwilioStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", async (HttpContext context) =>
        {
            var form = await context.Request.ReadFormAsync();
            var optedOut = form["To"] == OptedOut;
            context.Response.StatusCode = optedOut ? 400 : 201;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(optedOut ? Unsubscribed : Created);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchTwilioStandIn(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
