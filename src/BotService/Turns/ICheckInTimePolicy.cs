
namespace BotService.Turns;

/// <summary>Whether a daily check-in time is allowed (never inside quiet hours), and the bounds to offer instead.</summary>
public interface ICheckInTimePolicy
{
    CheckInTimeDecision Check(TimeOnly time, string? memberQuietHours);
}
