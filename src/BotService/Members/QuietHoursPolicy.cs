using System.Globalization;

namespace BotService.Members;

/// <summary>
/// When the bot may text a member unprompted.
/// <para>The rule: proactive messages (check-ins, reminders, silence outreach) go out only between 08:00 and 21:00 in
/// her local time; that legal window can never be widened. The configured <c>CheckIns:QuietHours</c> and a member's own
/// override (<see cref="Members.MemberProfile.QuietHours"/>) may only make quiet hours longer: the sending window they
/// leave must lie inside 08:00-21:00. A stored override that breaks this rule (or does not parse) is ignored and the
/// configured default applies, so a bad value can never open the night to messages.</para>
/// </summary>
public sealed class QuietHoursPolicy
{
    /// <summary>Never send before 08:00 or at/after 21:00 local time.</summary>
    public static readonly QuietWindow LegalQuietWindow = new(new TimeOnly(21, 0), new TimeOnly(8, 0));

    public QuietHoursPolicy(string defaultQuietHours)
    {
        if (!TryParseWindow(defaultQuietHours, out var window, out var error))
            throw new ArgumentException($"CheckIns:QuietHours: {error}", nameof(defaultQuietHours));
        if (!CoversLegalWindow(window))
            throw new ArgumentException($"CheckIns:QuietHours: '{defaultQuietHours}' must cover {LegalQuietWindow}.", nameof(defaultQuietHours));
        Default = window;
    }

    public QuietWindow Default { get; }

    /// <summary>The quiet window in force for a member: her valid override, else the default.</summary>
    public QuietWindow Effective(string? memberOverride) =>
        memberOverride is not null && TryValidateOverride(memberOverride, out var window, out _) ? window : Default;

    /// <summary>True when no proactive message may be sent at this local time.</summary>
    public bool IsQuiet(TimeOnly localTime, string? memberOverride) =>
        LegalQuietWindow.Contains(localTime) || Effective(memberOverride).Contains(localTime);

    /// <summary>Whether she may pick <paramref name="checkInTime"/> as her daily check-in (onboarding and settings
    /// call this); refused inside her quiet hours, with a reason (English, for logs and tests; dialogs word their own).</summary>
    public CheckInTimeCheck IsAllowedCheckInTime(TimeOnly checkInTime, string? memberOverride)
    {
        var window = Effective(memberOverride);
        // The sending window of a valid (legal-covering) quiet window is [End, Start): minute-precise bounds.
        var first = window.End;
        var last = window.Start.AddMinutes(-1);
        if (IsQuiet(checkInTime, memberOverride))
            return new CheckInTimeCheck(false, CheckInTimeRefusal.InsideQuietHours,
                $"{checkInTime:HH\\:mm} is inside quiet hours ({window}); choose a time from {first:HH\\:mm} to {last:HH\\:mm}.", first, last);
        return new CheckInTimeCheck(true, CheckInTimeRefusal.None, null, first, last);
    }

    /// <summary>Checks a member's requested quiet hours before they are stored: they must parse and cover 21:00-08:00.</summary>
    public static bool TryValidateOverride(string value, out QuietWindow window, out string? error)
    {
        if (!TryParseWindow(value, out window, out error)) return false;
        if (!CoversLegalWindow(window))
        {
            error = $"quiet hours must include {LegalQuietWindow}: messages are only sent between 08:00 and 21:00.";
            return false;
        }
        return true;
    }

    /// <summary>True when every minute of the legal quiet window is also quiet in <paramref name="window"/>; that is,
    /// the minutes it leaves for sending all lie within 08:00-21:00.</summary>
    public static bool CoversLegalWindow(QuietWindow window) =>
        // Only a wrapping window can cover midnight; its sending window [End, Start) must sit inside [08:00, 21:00).
        window.WrapsMidnight && window.Start != window.End
        && window.End >= LegalQuietWindow.End && window.Start <= LegalQuietWindow.Start;

    /// <summary>Parses "HH:mm-HH:mm" (24-hour). Start and end must differ: an empty or whole-day window is a mistake.</summary>
    public static bool TryParseWindow(string? value, out QuietWindow window, out string? error)
    {
        window = default;
        var parts = value?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 }
            || !TimeOnly.TryParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !TimeOnly.TryParseExact(parts[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            error = $"'{value}' is not of the form HH:mm-HH:mm (24-hour, e.g. 21:00-08:00).";
            return false;
        }
        if (start == end)
        {
            error = $"'{value}' starts and ends at the same minute.";
            return false;
        }
        window = new QuietWindow(start, end);
        error = null;
        return true;
    }
}
