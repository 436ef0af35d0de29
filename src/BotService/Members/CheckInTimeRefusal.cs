namespace BotService.Members;

/// <summary>Why a check-in time was refused (the onboarding dialog picks its own wording from this).</summary>
public enum CheckInTimeRefusal
{
    None,
    /// <summary>The time falls inside her quiet hours (or the legal window).</summary>
    InsideQuietHours,
}
