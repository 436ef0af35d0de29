using BotService.Messaging;
using BotService.Turns;

namespace BotService.Tests.Support;

/// <summary>
/// Stands in for the turn pipeline where it is not under test: echoes by default, or answers with a configured
/// function; counts calls so tests can assert that a message was processed once.
/// </summary>
public sealed class FakeTurnHandler : ITurnHandler
{
    private int _calls;
    private readonly System.Collections.Concurrent.ConcurrentQueue<InboundMessage> _received = new();

    public Func<InboundMessage, TurnReply> Reply { get; set; } = m => new TurnReply([$"You said: {m.Text}"]);

    /// <summary>Simulates a slow turn (to exercise concurrent retries).</summary>
    public TimeSpan Delay { get; set; }

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyList<InboundMessage> Received => _received.ToArray();

    public async Task<TurnReply> HandleTurnAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        _received.Enqueue(message);
        if (Delay > TimeSpan.Zero) await Task.Delay(Delay, cancellationToken);
        return Reply(message);
    }
}
