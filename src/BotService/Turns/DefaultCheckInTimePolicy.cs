using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>
/// Quiet hours from <c>CheckIns:QuietHours</c> ("21:00-08:00", may wrap midnight). Used until the scheduler's
/// QuietHoursPolicy is registered; a value that does not parse falls back to the legal 21:00-08:00 window.
/// </summary>
internal sealed class DefaultCheckInTimePolicy(IOptions<ConversationOptions> options) : ICheckInTimePolicy
{
    public CheckInTimeDecision Check(TimeOnly time, string? memberQuietHours)
    {
        var (start, end) = Parse(memberQuietHours) ?? Parse(options.Value.QuietHours) ?? (new TimeOnly(21, 0), new TimeOnly(8, 0));
        var quiet = end <= start ? time >= start || time < end : time >= start && time < end;
        return new CheckInTimeDecision(!quiet, end, start.AddMinutes(-1));
    }

    private static (TimeOnly, TimeOnly)? Parse(string? value)
    {
        var parts = value?.Split('-', 2);
        return parts is { Length: 2 } && TimeOnly.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var s)
               && TimeOnly.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var e) && s != e
            ? (s, e) : null;
    }
}
