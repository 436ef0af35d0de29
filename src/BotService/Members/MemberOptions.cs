namespace BotService.Members;

/// <summary>Section <c>Members</c>: what onboarding offers.</summary>
public sealed class MemberOptions
{
    public const string Section = "Members";

    /// <summary>IANA ids offered during onboarding, in this order. Empty: <see cref="DefaultTimeZones"/>.</summary>
    public List<string> TimeZones { get; set; } = [];

    public static readonly string[] DefaultTimeZones =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico",
    ];

    public IReadOnlyList<string> EffectiveTimeZones => TimeZones.Count > 0 ? TimeZones : DefaultTimeZones;
}
