
namespace BotService.CheckIns;

public enum CheckInAnswerOutcome
{
    /// <summary>Recorded now; the check-in dialog should treat her reply as the mood answer.</summary>
    Recorded,
    /// <summary>That day was already answered (a retried turn); nothing changed.</summary>
    AlreadyAnswered,
    /// <summary>No prompt went out that day.</summary>
    NotPrompted,
}
