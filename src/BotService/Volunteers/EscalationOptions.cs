namespace BotService.Volunteers;

/// <summary>Bound from the <c>Escalation</c> section; checked at start-up by <see cref="EscalationOptionsValidator"/>.</summary>
public sealed class EscalationOptions
{
    public const string Section = "Escalation";

    /// <summary>A volunteer carries at most this many claimed cases, so nobody holds more lives than she can answer.</summary>
    public int MaxActivePerVolunteer { get; set; } = 2;

    /// <summary>Unclaimed this long after the last page: page every on-call volunteer again.</summary>
    public TimeSpan RepageAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Unclaimed this long after opening: page the coordinator.</summary>
    public TimeSpan CoordinatorAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Claimed but the volunteer has not texted her for this long: tell her and re-open the case.</summary>
    public TimeSpan ClaimedSilenceAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>E.164 number of the coordinator; empty disables the coordinator page.</summary>
    public string? CoordinatorPhone { get; set; }

    /// <summary>"HH:mm-HH:mm" in <see cref="TimeZone"/>; may wrap past midnight ("20:00-08:00").</summary>
    public string OperatingHours { get; set; } = "00:00-24:00";

    /// <summary>IANA zone the operating hours are read in.</summary>
    public string TimeZone { get; set; } = "America/Chicago";

    /// <summary>Re-pages of one unclaimed case before only the coordinator is paged about it (a volunteer's phone must not
    /// buzz every few minutes without end).</summary>
    public int MaxRepages { get; set; } = 3;

    /// <summary>New cases one sender (member key, any channel) may open per hour; more are answered but open nothing.</summary>
    public int MaxNewCasesPerSenderPerHour { get; set; } = 3;

    /// <summary>New non-imminent cases paged at once per minute, over all senders; the rest wait for the next summary
    /// page, so made-up Web Chat ids cannot flood the volunteers. Imminent cases are always paged at once.</summary>
    public int MaxNewPagedPerMinute { get; set; } = 10;

    /// <summary>How often the timers look at open cases.</summary>
    public TimeSpan TimerInterval { get; set; } = TimeSpan.FromSeconds(15);
}
