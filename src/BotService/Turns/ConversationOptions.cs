namespace BotService.Turns;

/// <summary>Settings the turn pipeline and the member flows read. Each property names its configuration key.</summary>
public sealed class ConversationOptions
{
    /// <summary>Dialogs:SessionExpiry: a dialog left waiting longer than this ends quietly.</summary>
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromHours(12);

    /// <summary>CheckIns:QuietHours, used when the scheduler's policy is not registered.</summary>
    public string QuietHours { get; set; } = "21:00-08:00";

    /// <summary>CheckIns:RedFlagMood: a mood at or below this is a red flag.</summary>
    public int RedFlagMood { get; set; } = 2;

    /// <summary>CheckIns:RedFlagUrge: an urge at or above this is a red flag.</summary>
    public int RedFlagUrge { get; set; } = 8;

    /// <summary>Retention:CheckInDays: answered check-ins older than this are purged.</summary>
    public int CheckInRetentionDays { get; set; } = 90;

    /// <summary>Members:TimeZones: IANA ids offered during onboarding, in this order.</summary>
    public List<string> TimeZones { get; set; } = [];

    public static readonly string[] DefaultTimeZones =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico",
    ];

    public IReadOnlyList<string> EffectiveTimeZones => TimeZones.Count > 0 ? TimeZones : DefaultTimeZones;

    public static void Bind(ConversationOptions options, IConfiguration configuration)
    {
        if (TimeSpan.TryParse(configuration["Dialogs:SessionExpiry"], System.Globalization.CultureInfo.InvariantCulture, out var expiry) && expiry > TimeSpan.Zero)
            options.SessionExpiry = expiry;
        options.QuietHours = configuration["CheckIns:QuietHours"] ?? options.QuietHours;
        if (int.TryParse(configuration["CheckIns:RedFlagMood"], out var mood)) options.RedFlagMood = mood;
        if (int.TryParse(configuration["CheckIns:RedFlagUrge"], out var urge)) options.RedFlagUrge = urge;
        if (int.TryParse(configuration["Retention:CheckInDays"], out var days) && days > 0) options.CheckInRetentionDays = days;
        var zones = configuration.GetSection("Members:TimeZones").Get<List<string>>();
        if (zones is { Count: > 0 }) options.TimeZones = zones;
    }
}
