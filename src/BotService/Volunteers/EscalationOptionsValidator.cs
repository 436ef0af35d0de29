using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>Stops the host at start-up with the name of the bad setting, rather than failing during a crisis.</summary>
public sealed class EscalationOptionsValidator : IValidateOptions<EscalationOptions>
{
    public ValidateOptionsResult Validate(string? name, EscalationOptions options)
    {
        var errors = new List<string>();
        const string s = EscalationOptions.Section;
        if (options.MaxActivePerVolunteer < 1) errors.Add($"{s}:MaxActivePerVolunteer must be at least 1.");
        if (options.RepageAfter <= TimeSpan.Zero) errors.Add($"{s}:RepageAfter must be positive (e.g. 00:03:00).");
        if (options.CoordinatorAfter <= TimeSpan.Zero) errors.Add($"{s}:CoordinatorAfter must be positive (e.g. 00:10:00).");
        if (options.ClaimedSilenceAfter <= TimeSpan.Zero) errors.Add($"{s}:ClaimedSilenceAfter must be positive (e.g. 00:15:00).");
        if (options.MaxRepages < 0) errors.Add($"{s}:MaxRepages must be 0 or more.");
        if (options.MaxNewCasesPerSenderPerHour < 1) errors.Add($"{s}:MaxNewCasesPerSenderPerHour must be at least 1.");
        if (options.MaxNewPagedPerMinute < 1) errors.Add($"{s}:MaxNewPagedPerMinute must be at least 1.");
        if (options.TimerInterval <= TimeSpan.Zero) errors.Add($"{s}:TimerInterval must be positive.");
        if (!string.IsNullOrWhiteSpace(options.CoordinatorPhone) && !PhoneNumber.TryNormalize(options.CoordinatorPhone, out _))
            errors.Add($"{s}:CoordinatorPhone is not a phone number (expected E.164 like +15551234567).");
        if (!OperatingHours.TryParse(options.OperatingHours, out _))
            errors.Add($"{s}:OperatingHours must look like \"08:00-22:00\" (24-hour clock; \"00:00-24:00\" for always).");
        try { TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            errors.Add($"{s}:TimeZone '{options.TimeZone}' is not a known IANA time zone.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
