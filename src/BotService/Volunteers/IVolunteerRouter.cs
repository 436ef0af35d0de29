using BotService.Messaging;

namespace BotService.Volunteers;

/// <summary>
/// Volunteers and relays. <see cref="TryHandleVolunteerAsync"/> runs before anything else: a registered volunteer's
/// texts are commands (ON, OFF, STATUS, CLAIM, DONE) or relay text, never a member turn.
/// <see cref="TryRelayFromMemberAsync"/> forwards a member's text to the volunteer who claimed her case.
/// An interface because tests put a router that hangs in front of the safety check.
/// </summary>
public interface IVolunteerRouter
{
    /// <summary><paramref name="lookupBudget"/> bounds only finding out whether the sender is a volunteer; once she is
    /// known, her command runs to the end (a slow command must never fall through to the member path).</summary>
    Task<TurnReply?> TryHandleVolunteerAsync(InboundMessage message, CancellationToken lookupBudget, CancellationToken cancellationToken);

    Task<TurnReply?> TryRelayFromMemberAsync(InboundMessage message, string memberKey, string language, CancellationToken cancellationToken);

    /// <summary>True when she has a case that is not closed (so her safety words apply even before onboarding).</summary>
    Task<bool> HasOpenCaseAsync(string memberKey, CancellationToken cancellationToken);

    /// <summary>She sent her code word or STOP: her case's relay freezes until <paramref name="until"/> and the volunteer
    /// holding it gets one neutral line (do not text her). The case stays open for the coordinator.</summary>
    Task MemberWentQuietAsync(string memberKey, DateTimeOffset until, CancellationToken cancellationToken);
}
