namespace BotService.Messaging;

/// <summary>What the send-time gate says about one message; <see cref="Reason"/> is our own words, safe to log.</summary>
public readonly record struct SendGateDecision(SendGateVerdict Verdict, DateTimeOffset? NotBefore = null, string? Reason = null)
{
    public static readonly SendGateDecision Send = new(SendGateVerdict.Send);
}
