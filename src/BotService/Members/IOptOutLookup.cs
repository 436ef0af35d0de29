namespace BotService.Members;

/// <summary>
/// Whether a member texted STOP. The SMS layer owns that state (table <c>optouts</c>) and must register its own
/// implementation; the scheduler asks before every proactive message.
/// </summary>
public interface IOptOutLookup
{
    Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken);
}
