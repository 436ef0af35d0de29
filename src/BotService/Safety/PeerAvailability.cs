
namespace BotService.Safety;

/// <summary>What the member is told about a peer after the safety reply. WithVolunteer: a volunteer already holds
/// her case and has the message, marked urgent.</summary>
public enum PeerAvailability { Paged, Unavailable, WithVolunteer }
