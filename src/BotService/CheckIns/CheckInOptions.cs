using BotService.Members;

namespace BotService.CheckIns;

/// <summary>Settings of the daily check-ins, section <c>CheckIns</c>.</summary>
public sealed class CheckInOptions
{
    public const string Section = "CheckIns";

    /// <summary>Default quiet hours "HH:mm-HH:mm" in the member's local time (may wrap midnight). Must cover the
    /// legal quiet window 21:00-08:00 (see <see cref="QuietHoursPolicy"/>).</summary>
    public string QuietHours { get; set; } = "21:00-08:00";

    /// <summary>One reminder this long after an unanswered prompt (never in quiet hours, never a second one).</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Unanswered prompts in a row before the gentle "we miss you" message and a peer-outreach request.</summary>
    public int SilenceOutreachAfter { get; set; } = 3;

    /// <summary>How long the scheduler lease lasts without renewal; another instance takes over after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the scheduler wakes up to renew its lease and read the due buckets.</summary>
    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many due members one instance processes at once.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>A mood (1-5) at or below this is a red flag.</summary>
    public int RedFlagMood { get; set; } = 2;

    /// <summary>An urge (0-10) at or above this is a red flag.</summary>
    public int RedFlagUrge { get; set; } = 8;

    /// <summary>Every problem with these settings; each message names its key.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!QuietHoursPolicy.TryParseWindow(QuietHours, out var window, out var parseError))
            errors.Add($"{Section}:QuietHours: {parseError}");
        else if (!QuietHoursPolicy.CoversLegalWindow(window))
            errors.Add($"{Section}:QuietHours: '{QuietHours}' must cover {QuietHoursPolicy.LegalQuietWindow} (no messages before 08:00 or after 21:00).");
        if (ReminderAfter <= TimeSpan.Zero || ReminderAfter >= TimeSpan.FromHours(12))
            errors.Add($"{Section}:ReminderAfter: must be more than 0 and less than 12:00:00; it is {ReminderAfter}.");
        if (SilenceOutreachAfter is < 1 or > 30)
            errors.Add($"{Section}:SilenceOutreachAfter: must be between 1 and 30; it is {SilenceOutreachAfter}.");
        if (LeaseDuration < TimeSpan.FromSeconds(5) || LeaseDuration > TimeSpan.FromMinutes(10))
            errors.Add($"{Section}:LeaseDuration: must be between 00:00:05 and 00:10:00; it is {LeaseDuration}.");
        // The holder renews on every tick, so a tick must come well before the lease runs out.
        if (TickInterval <= TimeSpan.Zero || TickInterval * 2 > LeaseDuration)
            errors.Add($"{Section}:TickInterval: must be more than 0 and at most half of {Section}:LeaseDuration ({LeaseDuration}); it is {TickInterval}.");
        if (Parallelism is < 1 or > 64)
            errors.Add($"{Section}:Parallelism: must be between 1 and 64; it is {Parallelism}.");
        if (RedFlagMood is < 1 or > 5)
            errors.Add($"{Section}:RedFlagMood must be 1-5, got {RedFlagMood}.");
        if (RedFlagUrge is < 0 or > 10)
            errors.Add($"{Section}:RedFlagUrge must be 0-10, got {RedFlagUrge}.");
        return errors;
    }
}
