using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LoadDriver;

/// <summary>
/// A no-op Bot Framework connector: the reference bot posts its replies to serviceUrl/v3/conversations/..., and
/// this answers them at once so the reference bot is measured against a connector that costs nothing.
/// </summary>
public sealed class Sink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private long _activities;

    private Sink(WebApplication app) => _app = app;

    public long Activities => Interlocked.Read(ref _activities);

    public string Url { get; private set; } = "";

    public static async Task<Sink> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0"); // a free port; only loopback
        var app = builder.Build();
        var sink = new Sink(app);
        app.MapPost("/{**path}", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            Interlocked.Increment(ref sink._activities);
            return Results.Json(new { id = "sink-" + Interlocked.Read(ref sink._activities) });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        sink.Url = address.TrimEnd('/') + "/";
        return sink;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
