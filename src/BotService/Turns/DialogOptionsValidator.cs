using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>Names the bad <c>Dialogs:*</c> key.</summary>
public sealed class DialogOptionsValidator : IValidateOptions<DialogOptions>
{
    public ValidateOptionsResult Validate(string? name, DialogOptions options) =>
        options.SessionExpiry > TimeSpan.Zero && options.SessionExpiry <= TimeSpan.FromDays(30)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{DialogOptions.Section}:SessionExpiry must be more than 0 and at most 30.00:00:00, got {options.SessionExpiry}.");
}
