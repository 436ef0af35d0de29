
namespace BotService.Safety;

/// <summary>
/// Opens (or joins) an escalation for a flagged message and pages volunteers. Called by the safety check after the
/// safety reply is composed; a failure here must never stop that reply.
/// </summary>
public interface ICrisisEscalation
{
    Task<PeerAvailability> EscalateAsync(CrisisEscalationRequest request, CancellationToken cancellationToken);
}
