using System.Globalization;

namespace BotService.CheckIns;

/// <summary>
/// Pure date arithmetic for check-ins in a member's IANA zone. Her check-in is a local wall-clock time, so 08:00 stays
/// 08:00 across DST changes. A local time that does not exist (spring forward) fires at the next minute that exists;
/// one that happens twice (fall back) fires once, at the first occurrence.
/// </summary>
public static class CheckInClock
{
    public static string DateKey(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly ParseDateKey(string key) => DateOnly.ParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Finds the zone by IANA id (Linux and .NET's ICU mapping accept IANA ids); null when unknown.</summary>
    public static TimeZoneInfo? FindZone(string? ianaId)
    {
        if (string.IsNullOrWhiteSpace(ianaId)) return null;
        try { return TimeZoneInfo.FindSystemTimeZoneById(ianaId); }
        catch (TimeZoneNotFoundException) { return null; }
        catch (InvalidTimeZoneException) { return null; }
    }

    public static DateTime LocalNow(TimeZoneInfo zone, DateTimeOffset utc) => TimeZoneInfo.ConvertTime(utc, zone).DateTime;

    public static DateOnly LocalDate(TimeZoneInfo zone, DateTimeOffset utc) => DateOnly.FromDateTime(LocalNow(zone, utc));

    public static TimeOnly LocalTime(TimeZoneInfo zone, DateTimeOffset utc) => TimeOnly.FromDateTime(LocalNow(zone, utc));

    /// <summary>The UTC instant of her check-in on <paramref name="date"/>.</summary>
    public static DateTimeOffset DueOn(DateOnly date, TimeOnly time, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(new TimeOnly(time.Hour, time.Minute), DateTimeKind.Unspecified);
        // Spring forward: walk to the next minute that exists (02:30 in a 02:00-03:00 gap fires at 03:00). Gaps are
        // at most a few hours, so the walk is short; the bound only guards against a corrupt zone.
        for (var i = 0; zone.IsInvalidTime(local) && i < 24 * 60; i++) local = local.AddMinutes(1);
        if (zone.IsAmbiguousTime(local))
        {
            // Fall back: the first occurrence has the larger (daylight) offset, hence the earlier UTC instant.
            var offset = zone.GetAmbiguousTimeOffsets(local).Max();
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The first check-in due at or after <paramref name="notBefore"/>, on a local date no earlier than
    /// <paramref name="minDate"/> (used to never prompt twice for one day).</summary>
    public static CheckInDue NextDue(TimeOnly time, TimeZoneInfo zone, DateTimeOffset notBefore, DateOnly? minDate = null)
    {
        // Start a day early: near midnight the local date of notBefore and of the due instant can differ.
        var date = LocalDate(zone, notBefore).AddDays(-1);
        if (minDate is { } min && min > date) date = min;
        for (var i = 0; i < 400; i++, date = date.AddDays(1))
        {
            var due = DueOn(date, time, zone);
            if (due >= notBefore) return new CheckInDue(date, due);
        }
        throw new InvalidOperationException("No check-in time found within 400 days.");
    }

    /// <summary>The index bucket of an instant: its UTC minute, "yyyyMMddHHmm" (sorts like time).</summary>
    public static string Bucket(DateTimeOffset utc) => utc.UtcDateTime.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture);

    public static DateTimeOffset BucketStart(string bucket) =>
        new(DateTime.SpecifyKind(DateTime.ParseExact(bucket, "yyyyMMddHHmm", CultureInfo.InvariantCulture), DateTimeKind.Utc));

    public static DateTimeOffset FloorToMinute(DateTimeOffset utc) =>
        new(utc.UtcTicks - utc.UtcTicks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
}
