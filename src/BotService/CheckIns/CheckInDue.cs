namespace BotService.CheckIns;

/// <summary>A check-in occurrence: her local date and the UTC instant it is due.</summary>
public readonly record struct CheckInDue(DateOnly LocalDate, DateTimeOffset DueUtc)
{
    public string LocalDateKey => CheckInClock.DateKey(LocalDate);
}
