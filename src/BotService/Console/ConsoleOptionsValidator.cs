using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>Names the bad Console:* key at start-up instead of failing on the first sign-in.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsoleOptions o)
    {
        var errors = new List<string>();
        if (o.IdleTimeout < TimeSpan.FromMinutes(1) || o.IdleTimeout > TimeSpan.FromHours(12))
            errors.Add("Console:IdleTimeout must be between 00:01:00 and 12:00:00.");
        if (o.MaxFailedKeys is < 1 or > 100) errors.Add("Console:MaxFailedKeys must be between 1 and 100.");
        if (o.Lockout < TimeSpan.FromSeconds(1)) errors.Add("Console:Lockout must be at least 00:00:01.");
        if (o.QueueRefresh < TimeSpan.FromMilliseconds(200) || o.QueueRefresh > TimeSpan.FromMinutes(1))
            errors.Add("Console:QueueRefresh must be between 00:00:00.2 and 00:01:00.");
        if (o.UrgentCasesPerWeek < 1) errors.Add("Console:UrgentCasesPerWeek must be at least 1.");
        if (o.NightCasesPerWeek < 1) errors.Add("Console:NightCasesPerWeek must be at least 1.");
        if (o.CasesPerWeek < 1) errors.Add("Console:CasesPerWeek must be at least 1.");
        if (o.DaysInARow < 2) errors.Add("Console:DaysInARow must be at least 2.");
        if (o.OnCallHoursPerWeek is < 1 or > 168) errors.Add("Console:OnCallHoursPerWeek must be between 1 and 168.");
        if (o.AuditRetention < TimeSpan.FromDays(30) || o.AuditRetention > TimeSpan.FromDays(3650))
            errors.Add("Console:AuditRetention must be between 30.00:00:00 and 3650.00:00:00.");
        if (o.UpkeepInterval < TimeSpan.FromMinutes(1) || o.UpkeepInterval > TimeSpan.FromDays(1))
            errors.Add("Console:UpkeepInterval must be between 00:01:00 and 1.00:00:00.");
        if (!OperatingHours.TryParse(o.NightHours, out _)) errors.Add("Console:NightHours must look like 22:00-06:00.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
