using BotService.Members;

namespace BotService.CheckIns;

/// <summary>Result of <see cref="CheckInLedger.MarkAnsweredAsync"/>. The ledger does not write the profile (the dialog
/// holds it and saves it once per turn; a second writer would only make that save fail): call <see cref="ApplyTo"/>
/// before saving. The counter is a cache: the scheduler recomputes her streak from the ledger on every prompt.</summary>
public sealed record CheckInAnswerResult(CheckInAnswerOutcome Outcome, string LocalDate, int MissedBefore)
{
    public void ApplyTo(MemberProfile profile)
    {
        if (Outcome != CheckInAnswerOutcome.NotPrompted) profile.MissedCheckIns = 0;
    }
}
