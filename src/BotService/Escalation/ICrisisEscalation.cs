using BotService.Escalation.CrisisDetection;

namespace BotService.Escalation;

/// <summary>What the member is told about a peer after the safety reply. WithVolunteer: a volunteer already holds
/// her case and has the message, marked urgent.</summary>
public enum PeerAvailability { Paged, Unavailable, WithVolunteer }

/// <summary>
/// Opens (or joins) an escalation for a flagged message and pages volunteers. Called by the safety check after the
/// safety reply is composed; a failure here must never stop that reply.
/// </summary>
public interface ICrisisEscalation
{
    Task<PeerAvailability> EscalateAsync(CrisisEscalationRequest request, CancellationToken cancellationToken);
}

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
