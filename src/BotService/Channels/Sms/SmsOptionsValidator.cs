using Microsoft.Extensions.Options;

namespace BotService.Channels.Sms;

/// <summary>Names the bad <c>Sms:*</c> key.</summary>
public sealed class SmsOptionsValidator : IValidateOptions<SmsOptions>
{
    public ValidateOptionsResult Validate(string? name, SmsOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ProgramName))
            errors.Add($"{SmsOptions.Section}:ProgramName must not be empty (carriers require it in the HELP reply).");
        if (options.DuplicateWait <= TimeSpan.Zero || options.DuplicateWait > TimeSpan.FromSeconds(14))
            errors.Add($"{SmsOptions.Section}:DuplicateWait must be more than 0 and under Twilio's 15 s webhook timeout, got {options.DuplicateWait}.");
        if (options.StaleProcessingAfter <= TimeSpan.Zero)
            errors.Add($"{SmsOptions.Section}:StaleProcessingAfter must be more than 0, got {options.StaleProcessingAfter}.");
        if (options.ProcessedRetention < TimeSpan.FromDays(1))
            errors.Add($"{SmsOptions.Section}:ProcessedRetention must be at least 1.00:00:00 (Twilio retries for up to a day), got {options.ProcessedRetention}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
