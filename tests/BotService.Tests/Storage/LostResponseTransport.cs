using Azure.Core;
using Azure.Core.Pipeline;

namespace BotService.Tests.Storage;

/// <summary>
/// Forwards requests to the real server, but for the chosen requests throws after the server answered: the write
/// happened, the client never heard. The pipeline then retries, which is exactly the case the store must absorb.
/// </summary>
internal sealed class LostResponseTransport(Func<Request, bool> loseAnswerTo) : HttpPipelineTransport
{
    // The shared instance: nothing per test to dispose, and the requests still reach the real server.
    private readonly HttpClientTransport _inner = HttpClientTransport.Shared;
    private int _lost;
    private int _sent;

    /// <summary>Stop losing answers after this many.</summary>
    public int MaxLost { get; set; } = 1;

    public int Lost => _lost;

    public int Sent => _sent;

    public override Request CreateRequest() => _inner.CreateRequest();

    public override void Process(HttpMessage message)
    {
        Interlocked.Increment(ref _sent);
        _inner.Process(message);
        ThrowIfLost(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message)
    {
        Interlocked.Increment(ref _sent);
        await _inner.ProcessAsync(message);
        ThrowIfLost(message);
    }

    private void ThrowIfLost(HttpMessage message)
    {
        if (!loseAnswerTo(message.Request) || Volatile.Read(ref _lost) >= MaxLost) return;
        Interlocked.Increment(ref _lost);
        throw new IOException($"Simulated lost response to {message.Request.Method} {message.Request.Uri} (server answered {message.Response.Status}).");
    }
}
