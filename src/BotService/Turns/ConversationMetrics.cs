using System.Diagnostics.Metrics;

namespace BotService.Turns;

/// <summary>Turns, by how they ended. Tags: channel name and an outcome word, never a number or a text.</summary>
public static class ConversationMetrics
{
    public const string MeterName = "BotService.Conversation";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>outcome: volunteer (a volunteer's command), safety (the safety reply), member (an ordinary turn),
    /// fallback (the turn failed and the member got the fallback).</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>("botservice.conversation.turns", unit: "{turn}", description: "Inbound turns handled, by outcome.");

    public static void RecordTurn(string channel, string outcome) =>
        Turns.Add(1, new("channel", channel), new("outcome", outcome));
}
