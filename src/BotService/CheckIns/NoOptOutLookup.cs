namespace BotService.CheckIns;

/// <summary>Placeholder until the SMS layer registers the real lookup: nobody is opted out here, but the SMS
/// sender still enforces STOP on its side.</summary>
internal sealed class NoOptOutLookup : IOptOutLookup
{
    public Task<bool> IsOptedOutAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);
}
