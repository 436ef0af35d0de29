using System.Globalization;

namespace BotService.Volunteers;

/// <summary>A daily window of local time, "HH:mm-HH:mm"; an end before the start wraps past midnight.</summary>
public readonly record struct OperatingHours(int StartMinute, int EndMinute)
{
    public static bool TryParse(string? value, out OperatingHours hours)
    {
        hours = default;
        var parts = value?.Split('-', StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || !TryMinute(parts[0], out var start) || !TryMinute(parts[1], out var end)) return false;
        if (start == 24 * 60) return false;
        hours = new OperatingHours(start, end);
        return true;
    }

    public bool Contains(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var minute = local.Hour * 60 + local.Minute;
        if (StartMinute == EndMinute) return false;
        return StartMinute < EndMinute
            ? minute >= StartMinute && minute < EndMinute
            : minute >= StartMinute || minute < EndMinute;
    }

    private static bool TryMinute(string text, out int minute)
    {
        minute = 0;
        if (text == "24:00") { minute = 24 * 60; return true; }
        if (!TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)) return false;
        minute = t.Hour * 60 + t.Minute;
        return true;
    }
}
