using Microsoft.Extensions.Options;

namespace BotService.Retention;

/// <summary>Names the bad <c>Retention:*</c> key, so a typo stops the start instead of keeping data forever.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    public const int MaxDays = 3650;

    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        var errors = new List<string>();
        Days(errors, nameof(RetentionOptions.OutboxDays), options.OutboxDays);
        Days(errors, nameof(RetentionOptions.SidIndexDays), options.SidIndexDays);
        Days(errors, nameof(RetentionOptions.LedgerDays), options.LedgerDays);
        Days(errors, nameof(RetentionOptions.CheckInDays), options.CheckInDays);
        Days(errors, nameof(RetentionOptions.ClosedEscalationDays), options.ClosedEscalationDays);
        if (options.Interval < TimeSpan.FromMinutes(1) || options.Interval > TimeSpan.FromDays(1))
            errors.Add($"Retention:Interval must be between 00:01:00 and 1.00:00:00 (it is {options.Interval}).");
        if (options.PageLimit is < 1 or > 100_000)
            errors.Add($"Retention:PageLimit must be between 1 and 100000 (it is {options.PageLimit}).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Days(List<string> errors, string key, int value)
    {
        if (value is < 1 or > MaxDays) errors.Add($"Retention:{key} must be a whole number of days between 1 and {MaxDays} (it is {value}).");
    }
}
