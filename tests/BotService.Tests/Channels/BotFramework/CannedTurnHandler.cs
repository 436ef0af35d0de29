using System.Collections.Concurrent;
using BotService.Messaging;
using BotService.Turns;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>
/// Answers like the turn pipeline would, with canned replies: the real pipeline is another branch's; this channel
/// only has to carry whatever it says. Records every turn so tests can assert a refused request ran none.
/// </summary>
public sealed class CannedTurnHandler : ITurnHandler
{
    public ConcurrentQueue<InboundMessage> Turns { get; } = new();

    public Task<TurnReply> HandleTurnAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Turns.Enqueue(message);
        var text = message.Text.Trim().ToLowerInvariant();
        TurnReply reply = text switch
        {
            "" => new(["Hi, I'm a peer-support bot for women in recovery. Can I send you a short daily check-in? Reply YES or NO.",
                "You can text HELP any time."]),
            "yes" => new(["When should I check in?\n1 Morning\n2 Afternoon\n3 Evening"]),
            _ when text.Contains("kill myself") => new(["You matter. Call or text 988 (Suicide & Crisis Lifeline) now, any time, day or night."]),
            _ => new(["Thanks for telling me."]),
        };
        return Task.FromResult(reply);
    }
}
