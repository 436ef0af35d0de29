using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>Names the bad <c>Admin:*</c> key. Unset is allowed (every admin call is refused); a blank key is a typo.</summary>
public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        options.ApiKey is { } key && string.IsNullOrWhiteSpace(key)
            ? ValidateOptionsResult.Fail($"{AdminOptions.Section}:ApiKey is blank: set a key, or remove the setting to turn the admin API off.")
            : ValidateOptionsResult.Success;
}
