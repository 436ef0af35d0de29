using BotService.Safety.CrisisDetection;

namespace BotService.Safety;

/// <summary><see cref="Text"/> is the message that raised the flag: it is stored only encrypted, only while the
/// escalation is open, for the volunteer's context. Never log it.</summary>
public sealed record CrisisEscalationRequest(
    string MemberKey,
    string Channel,
    string Address,
    string Language,
    CrisisAssessment Assessment,
    string Text,
    DateTimeOffset At);
