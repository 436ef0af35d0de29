using Microsoft.Extensions.Options;

namespace BotService.Channels.BotFramework;

/// <summary>Names the bad <c>BotFramework:*</c> key.</summary>
public sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions options)
    {
        var errors = new List<string>();
        if (!Uri.TryCreate(options.OpenIdMetadataUrl, UriKind.Absolute, out _))
            errors.Add($"{BotFrameworkOptions.Section}:OpenIdMetadataUrl must be an absolute URL, got '{options.OpenIdMetadataUrl}'.");
        if (!Uri.TryCreate(options.TokenEndpoint, UriKind.Absolute, out _))
            errors.Add($"{BotFrameworkOptions.Section}:TokenEndpoint must be an absolute URL, got '{options.TokenEndpoint}'.");
        if (options.ValidIssuers.Count == 0)
            errors.Add($"{BotFrameworkOptions.Section}:ValidIssuers must list at least one issuer.");
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(30))
            errors.Add($"{BotFrameworkOptions.Section}:ClockSkew must be between 00:00:00 and 00:30:00, got {options.ClockSkew}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
