using Microsoft.Extensions.Options;

namespace BotService.Members;

/// <summary>Names the bad <c>Members:*</c> key: a time zone onboarding offers must exist on this machine.</summary>
public sealed class MemberOptionsValidator : IValidateOptions<MemberOptions>
{
    public ValidateOptionsResult Validate(string? name, MemberOptions options)
    {
        var errors = new List<string>();
        for (var i = 0; i < options.TimeZones.Count; i++)
        {
            var id = options.TimeZones[i];
            if (string.IsNullOrWhiteSpace(id) || !TimeZoneInfo.TryFindSystemTimeZoneById(id, out _))
                errors.Add($"{MemberOptions.Section}:TimeZones:{i} must be an IANA time zone id such as America/Chicago, got '{id}'.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
