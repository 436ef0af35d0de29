using BotService.CheckIns;
using BotService.Members;

namespace BotService.Tests.CheckIns;

public class QuietHoursPolicyTests
{
    private static TimeOnly T(int h, int m = 0) => new(h, m);

    [Fact]
    public void Parses_and_wraps_midnight()
    {
        Assert.True(QuietHoursPolicy.TryParseWindow("21:00-08:00", out var window, out _));
        Assert.True(window.WrapsMidnight);
        Assert.True(window.Contains(T(21)));
        Assert.True(window.Contains(T(23, 59)));
        Assert.True(window.Contains(T(0)));
        Assert.True(window.Contains(T(7, 59)));
        Assert.False(window.Contains(T(8)));
        Assert.False(window.Contains(T(20, 59)));

        Assert.True(QuietHoursPolicy.TryParseWindow("13:00 - 14:30", out var day, out _));
        Assert.False(day.WrapsMidnight);
        Assert.True(day.Contains(T(13, 15)));
        Assert.False(day.Contains(T(14, 30)));

        Assert.False(QuietHoursPolicy.TryParseWindow("9pm-8am", out _, out var error));
        Assert.Contains("HH:mm-HH:mm", error, StringComparison.Ordinal);
        Assert.False(QuietHoursPolicy.TryParseWindow("08:00-08:00", out _, out _));
        Assert.False(QuietHoursPolicy.TryParseWindow(null, out _, out _));
        Assert.False(QuietHoursPolicy.TryParseWindow("25:00-08:00", out _, out _));
    }

    [Fact]
    public void Default_policy_is_quiet_from_nine_pm_to_eight_am()
    {
        var policy = new QuietHoursPolicy("21:00-08:00");
        Assert.True(policy.IsQuiet(T(21), null));
        Assert.True(policy.IsQuiet(T(2, 30), null));
        Assert.False(policy.IsQuiet(T(8), null));
        Assert.False(policy.IsQuiet(T(20, 59), null));
    }

    [Fact]
    public void A_member_override_may_only_lengthen_quiet_hours()
    {
        var policy = new QuietHoursPolicy("21:00-08:00");
        // Longer: quiet from 20:00 to 09:30.
        Assert.True(QuietHoursPolicy.TryValidateOverride("20:00-09:30", out _, out _));
        Assert.True(policy.IsQuiet(T(20, 30), "20:00-09:30"));
        Assert.True(policy.IsQuiet(T(9), "20:00-09:30"));
        Assert.False(policy.IsQuiet(T(9, 30), "20:00-09:30"));

        // Shorter than the legal window: refused, and if stored anyway it is ignored (the default applies).
        Assert.False(QuietHoursPolicy.TryValidateOverride("22:00-07:00", out _, out var error));
        Assert.Contains("21:00-08:00", error, StringComparison.Ordinal);
        Assert.True(policy.IsQuiet(T(21, 30), "22:00-07:00"));
        Assert.True(policy.IsQuiet(T(7, 30), "22:00-07:00"));
        // A daytime-only window would open the night: refused.
        Assert.False(QuietHoursPolicy.TryValidateOverride("12:00-13:00", out _, out _));
        Assert.True(policy.IsQuiet(T(23), "12:00-13:00"));
        Assert.False(policy.IsQuiet(T(12, 30), "12:00-13:00"));
        // Garbage is ignored too.
        Assert.True(policy.IsQuiet(T(22), "nope"));
    }

    [Fact]
    public void Configured_default_can_be_longer_but_never_shorter_than_the_legal_window()
    {
        var longer = new QuietHoursPolicy("20:30-09:00");
        Assert.True(longer.IsQuiet(T(20, 45), null));
        Assert.True(longer.IsQuiet(T(8, 30), null));
        Assert.False(longer.IsQuiet(T(9), null));
        var error = Assert.Throws<ArgumentException>(() => new QuietHoursPolicy("23:00-07:00"));
        Assert.Contains("CheckIns:QuietHours", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_in_times_inside_quiet_hours_are_refused_with_a_reason()
    {
        var policy = new QuietHoursPolicy("21:00-08:00");
        Assert.True(policy.IsAllowedCheckInTime(T(8), null).Allowed);
        Assert.True(policy.IsAllowedCheckInTime(T(20, 59), null).Allowed);

        var early = policy.IsAllowedCheckInTime(T(7, 59), null);
        Assert.False(early.Allowed);
        Assert.Equal(CheckInTimeRefusal.InsideQuietHours, early.Refusal);
        Assert.Contains("08:00", early.Reason, StringComparison.Ordinal);
        Assert.Equal(T(8), early.FirstAllowed);
        Assert.Equal(T(20, 59), early.LastAllowed);
        Assert.False(policy.IsAllowedCheckInTime(T(21), null).Allowed);
        Assert.False(policy.IsAllowedCheckInTime(T(0, 30), null).Allowed);

        // With her own longer quiet hours.
        var own = policy.IsAllowedCheckInTime(T(8, 30), "20:00-09:00");
        Assert.False(own.Allowed);
        Assert.Equal(T(9), own.FirstAllowed);
        Assert.Equal(T(19, 59), own.LastAllowed);
        Assert.True(policy.IsAllowedCheckInTime(T(19, 59), "20:00-09:00").Allowed);
    }

    [Fact]
    public void Options_validation_names_the_key()
    {
        Assert.Empty(new CheckInOptions().Validate());
        var errors = new CheckInOptions
        {
            QuietHours = "22:00-06:00",
            ReminderAfter = TimeSpan.Zero,
            SilenceOutreachAfter = 0,
            LeaseDuration = TimeSpan.FromSeconds(10),
            TickInterval = TimeSpan.FromSeconds(8),
        }.Validate();
        Assert.Contains(errors, e => e.StartsWith("CheckIns:QuietHours", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CheckIns:ReminderAfter", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CheckIns:SilenceOutreachAfter", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("CheckIns:TickInterval", StringComparison.Ordinal));
        Assert.Contains(new CheckInOptions { QuietHours = "x" }.Validate(), e => e.StartsWith("CheckIns:QuietHours", StringComparison.Ordinal));
    }
}
