using BotService.Members;

namespace BotService.CheckIns;

/// <summary>The turn's view of the ledger: today's open prompt, and recording her answer.</summary>
internal sealed class LedgerOpenCheckInLookup(CheckInLedger ledger) : IOpenCheckInLookup
{
    public async Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        (await ledger.GetOpenPromptAsync(memberKey, now, cancellationToken))?.LocalDate;

    /// <summary>Records the answer and resets her missed counter on the profile the turn is about to save.</summary>
    public async Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken) =>
        (await ledger.MarkAnsweredAsync(profile.MemberKey, localDate, cancellationToken)).ApplyTo(profile);
}
