using BotService.CheckIns;

namespace BotService.Tests.CheckIns;

public class CheckInClockTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Madrid = TimeZoneInfo.FindSystemTimeZoneById("Europe/Madrid");
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");

    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi) => new(y, mo, d, h, mi, 0, TimeSpan.Zero);

    [Theory]
    // New York, spring forward 2026-03-08 (02:00 EST -> 03:00 EDT): 08:00 local is 13:00Z before, 12:00Z after.
    [InlineData("America/New_York", "2026-03-07", 8, 0, "2026-03-07T13:00Z")]
    [InlineData("America/New_York", "2026-03-08", 8, 0, "2026-03-08T12:00Z")]
    // Fall back 2026-11-01 (02:00 EDT -> 01:00 EST): 12:00Z before, 13:00Z after.
    [InlineData("America/New_York", "2026-10-31", 8, 0, "2026-10-31T12:00Z")]
    [InlineData("America/New_York", "2026-11-01", 8, 0, "2026-11-01T13:00Z")]
    // Madrid, spring forward 2026-03-29 (02:00 CET -> 03:00 CEST) and fall back 2026-10-25 (03:00 CEST -> 02:00 CET).
    [InlineData("Europe/Madrid", "2026-03-28", 8, 0, "2026-03-28T07:00Z")]
    [InlineData("Europe/Madrid", "2026-03-29", 8, 0, "2026-03-29T06:00Z")]
    [InlineData("Europe/Madrid", "2026-10-24", 8, 0, "2026-10-24T06:00Z")]
    [InlineData("Europe/Madrid", "2026-10-25", 8, 0, "2026-10-25T07:00Z")]
    // Chicago, both ways.
    [InlineData("America/Chicago", "2026-03-08", 9, 30, "2026-03-08T14:30Z")]
    [InlineData("America/Chicago", "2026-11-01", 9, 30, "2026-11-01T15:30Z")]
    public void Local_check_in_time_stays_on_the_wall_clock_across_dst(string zone, string date, int hour, int minute, string expectedUtc)
    {
        var due = CheckInClock.DueOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), new TimeOnly(hour, minute),
            TimeZoneInfo.FindSystemTimeZoneById(zone));
        Assert.Equal(DateTimeOffset.Parse(expectedUtc, System.Globalization.CultureInfo.InvariantCulture), due);
    }

    [Fact]
    public void Nonexistent_local_time_fires_at_the_next_valid_minute()
    {
        // 02:30 does not exist in New York on 2026-03-08; the next minute that exists is 03:00 EDT = 07:00Z.
        Assert.Equal(Utc(2026, 3, 8, 7, 0), CheckInClock.DueOn(new DateOnly(2026, 3, 8), new TimeOnly(2, 30), NewYork));
        // 02:00 (the first missing minute) also lands on 03:00 EDT.
        Assert.Equal(Utc(2026, 3, 8, 7, 0), CheckInClock.DueOn(new DateOnly(2026, 3, 8), new TimeOnly(2, 0), NewYork));
        // Madrid 02:15 on 2026-03-29 -> 03:00 CEST = 01:00Z.
        Assert.Equal(Utc(2026, 3, 29, 1, 0), CheckInClock.DueOn(new DateOnly(2026, 3, 29), new TimeOnly(2, 15), Madrid));
        // The day after, 02:30 exists again.
        Assert.Equal(Utc(2026, 3, 9, 6, 30), CheckInClock.DueOn(new DateOnly(2026, 3, 9), new TimeOnly(2, 30), NewYork));
    }

    [Fact]
    public void Ambiguous_local_time_fires_once_at_the_first_occurrence()
    {
        // 01:30 happens twice in New York on 2026-11-01: 05:30Z (EDT) and 06:30Z (EST). The first one counts.
        Assert.Equal(Utc(2026, 11, 1, 5, 30), CheckInClock.DueOn(new DateOnly(2026, 11, 1), new TimeOnly(1, 30), NewYork));
        // Madrid 02:30 on 2026-10-25: 00:30Z (CEST) and 01:30Z (CET).
        Assert.Equal(Utc(2026, 10, 25, 0, 30), CheckInClock.DueOn(new DateOnly(2026, 10, 25), new TimeOnly(2, 30), Madrid));
        // Chicago 01:00 on 2026-11-01: 06:00Z (CDT) and 07:00Z (CST).
        Assert.Equal(Utc(2026, 11, 1, 6, 0), CheckInClock.DueOn(new DateOnly(2026, 11, 1), new TimeOnly(1, 0), Chicago));

        // Walking NextDue forward from just after the first occurrence skips the repeat and goes to the next day.
        var afterFirst = CheckInClock.NextDue(new TimeOnly(1, 30), NewYork, Utc(2026, 11, 1, 5, 31));
        Assert.Equal(new DateOnly(2026, 11, 2), afterFirst.LocalDate);
        Assert.Equal(Utc(2026, 11, 2, 6, 30), afterFirst.DueUtc);
    }

    [Fact]
    public void Next_due_honours_the_date_floor_and_midnight()
    {
        var time = new TimeOnly(8, 0);
        // 07:59 local: today. 08:01 local: tomorrow.
        Assert.Equal(new DateOnly(2026, 6, 1), CheckInClock.NextDue(time, NewYork, Utc(2026, 6, 1, 11, 59)).LocalDate);
        Assert.Equal(new DateOnly(2026, 6, 2), CheckInClock.NextDue(time, NewYork, Utc(2026, 6, 1, 12, 1)).LocalDate);
        // Already prompted today: the floor moves it to tomorrow even before 08:00.
        Assert.Equal(new DateOnly(2026, 6, 2), CheckInClock.NextDue(time, NewYork, Utc(2026, 6, 1, 11, 0), new DateOnly(2026, 6, 2)).LocalDate);
        // 23:30Z is 19:30 on June 1 in New York: her 20:00 that evening is 00:00Z on June 2, local date June 1.
        Assert.Equal(new DateOnly(2026, 6, 1), CheckInClock.NextDue(new TimeOnly(20, 0), NewYork, Utc(2026, 6, 1, 23, 30)).LocalDate);
        Assert.Equal(Utc(2026, 6, 2, 0, 0), CheckInClock.NextDue(new TimeOnly(20, 0), NewYork, Utc(2026, 6, 1, 23, 30)).DueUtc);
    }

    [Fact]
    public void Buckets_are_utc_minutes_that_sort_like_time()
    {
        var t = new DateTimeOffset(2026, 3, 8, 8, 0, 42, TimeSpan.FromHours(-4));
        Assert.Equal("202603081200", CheckInClock.Bucket(t));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 12, 0, 0, TimeSpan.Zero), CheckInClock.BucketStart("202603081200"));
        Assert.True(string.CompareOrdinal(CheckInClock.Bucket(t), CheckInClock.Bucket(t.AddMinutes(1))) < 0);
        Assert.Null(CheckInClock.FindZone("Not/AZone"));
    }
}
