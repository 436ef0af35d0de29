namespace BotService.CoordinatorConsole;

/// <summary>Bound from the <c>Console</c> section; checked at start-up by <see cref="ConsoleOptionsValidator"/>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>A session nobody has used for this long is signed out (a shared office computer left open).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Wrong keys from one address before it is locked out.</summary>
    public int MaxFailedKeys { get; set; } = 5;

    /// <summary>How long a locked-out address waits; wrong keys older than this are forgotten.</summary>
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the live queue looks for changes.</summary>
    public TimeSpan QueueRefresh { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Wellbeing flags over the last 7 days: urgent cases taken.</summary>
    public int UrgentCasesPerWeek { get; set; } = 3;

    /// <summary>Wellbeing flags over the last 7 days: cases taken at night (see <see cref="NightHours"/>).</summary>
    public int NightCasesPerWeek { get; set; } = 3;

    /// <summary>Wellbeing flags over the last 7 days: cases taken in all.</summary>
    public int CasesPerWeek { get; set; } = 8;

    /// <summary>Wellbeing flags: days in a row with at least one case taken.</summary>
    public int DaysInARow { get; set; } = 5;

    /// <summary>Wellbeing flags over the last 7 days: hours on call (from her ON/OFF texts and the roster's toggle).</summary>
    public int OnCallHoursPerWeek { get; set; } = 40;

    /// <summary>Audit entries older than this are deleted (checked every <see cref="UpkeepInterval"/>).</summary>
    public TimeSpan AuditRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How often old audit entries are deleted and the members are counted again for line health.</summary>
    public TimeSpan UpkeepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>"HH:mm-HH:mm" in the line's time zone (Escalation:TimeZone) counted as night for the wellbeing figures.</summary>
    public string NightHours { get; set; } = "22:00-06:00";
}
