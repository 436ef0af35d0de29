using Microsoft.Extensions.Options;

namespace BotService.Messaging.Outbox;

internal sealed class OutboxOptionsValidation : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAttempts < 1) errors.Add("Outbox:MaxAttempts must be at least 1.");
        if (options.InitialRetryDelay <= TimeSpan.Zero) errors.Add("Outbox:InitialRetryDelay must be positive.");
        if (options.MaxRetryDelay < options.InitialRetryDelay) errors.Add("Outbox:MaxRetryDelay must not be less than Outbox:InitialRetryDelay.");
        if (options.Lease <= OutboxOptions.ProviderTimeout * 2) errors.Add("Outbox:Lease must be well over the provider timeout (more than 20 seconds).");
        if (options.PollInterval <= TimeSpan.Zero) errors.Add("Outbox:PollInterval must be positive.");
        if (options.DispatchLease < OutboxDispatcher.MinimumDispatchLease)
            errors.Add($"Outbox:DispatchLease must be at least {OutboxDispatcher.MinimumDispatchLease.TotalSeconds:0} seconds (the provider timeout plus time to renew).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
