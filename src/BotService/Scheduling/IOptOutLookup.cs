namespace BotService.Scheduling;

/// <summary>
/// Whether a member texted STOP. The SMS layer owns that state (table <c>optouts</c>) and must register its own
/// implementation; the scheduler asks before every proactive message.
/// </summary>
public interface IOptOutLookup
{
    Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken);
}

/// <summary>Placeholder until the SMS layer registers the real lookup: nobody is opted out here, but the SMS
/// sender still enforces STOP on its side.</summary>
internal sealed class NoOptOutLookup : IOptOutLookup
{
    public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);
}
