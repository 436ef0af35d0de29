using BotService.Turns;

namespace BotService.CheckIns;

/// <summary>The onboarding dialog's check-in time rule, from <see cref="QuietHoursPolicy"/>.</summary>
internal sealed class QuietHoursCheckInTimePolicy(QuietHoursPolicy policy) : ICheckInTimePolicy
{
    public CheckInTimeDecision Check(TimeOnly time, string? memberQuietHours)
    {
        var check = policy.IsAllowedCheckInTime(time, memberQuietHours);
        return new CheckInTimeDecision(check.Allowed, check.FirstAllowed, check.LastAllowed);
    }
}
