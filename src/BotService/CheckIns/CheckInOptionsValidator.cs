using Microsoft.Extensions.Options;

namespace BotService.CheckIns;

/// <summary>Runs <see cref="CheckInOptions.Validate"/> when the host starts (ValidateOnStart).</summary>
internal sealed class CheckInOptionsValidator : IValidateOptions<CheckInOptions>
{
    public ValidateOptionsResult Validate(string? name, CheckInOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
