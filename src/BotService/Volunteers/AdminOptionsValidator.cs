using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>Names the bad <c>Admin:*</c> key. Unset or empty is allowed (every admin call is refused); a key of only
/// spaces is a typo that would look set.</summary>
public sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options) =>
        options.ApiKey is { Length: > 0 } key && string.IsNullOrWhiteSpace(key)
            ? ValidateOptionsResult.Fail($"{AdminOptions.Section}:ApiKey is only spaces: set a key, or remove the setting to turn the admin API off.")
            : ValidateOptionsResult.Success;
}
