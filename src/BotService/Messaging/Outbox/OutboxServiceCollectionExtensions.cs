using BotService.Channels.Twilio;
using BotService.Conversation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

using BotService.Messaging;
using BotService.Messaging.Outbox;

// In this namespace, as is usual for AddXxx extensions, so the host's one-line registration needs no using.
namespace Microsoft.Extensions.DependencyInjection;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// The outbound side: <see cref="IOutbox"/>, its dispatcher, and the Twilio transport when Twilio is configured to
    /// send. Needs an <see cref="Storage.ITableStore"/>, the privacy keys and a <see cref="TimeProvider"/> registered.
    /// </summary>
    public static IServiceCollection AddSmsOutbound(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TwilioOptions>, TwilioSendOptionsValidation>());
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidation>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<OutboxSignal>();
        services.TryAddSingleton<IRecipientStatusSink, NullRecipientStatusSink>();
        services.TryAddSingleton<IMemberSendGate, BotService.Members.MemberSendGate>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<BotService.Conversation.IMemberDataEraser, OutboxMemberEraser>());
        services.TryAddSingleton<TableOutbox>();
        services.TryAddSingleton<IOutbox>(sp => sp.GetRequiredService<TableOutbox>());
        services.AddHostedService<OutboxDispatcher>();

        var twilio = configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
        if (twilio.CanSend)
        {
            // HttpClient's own timeout is only a backstop; the sender times out on the injected clock at 10 s.
            var http = services.AddHttpClient(TwilioMessageSender.HttpClientName, c => c.Timeout = TwilioMessageSender.DefaultTimeout + TimeSpan.FromSeconds(5));
            if (!string.IsNullOrWhiteSpace(twilio.ApiBaseUrl))
            {
                services.TryAddTransient<TwilioApiBaseUrlHandler>();
                http.AddHttpMessageHandler<TwilioApiBaseUrlHandler>();
            }
            services.TryAddSingleton<TwilioMessageSender>();
            services.AddSingleton<IMessageTransport, TwilioMessageTransport>();
        }
        return services;
    }
}

internal sealed class TwilioSendOptionsValidation : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var errors = new List<string>();
        if (!(options.MessagesPerSecond > 0) || double.IsInfinity(options.MessagesPerSecond))
            errors.Add($"Twilio:MessagesPerSecond must be a number greater than 0 (it is {options.MessagesPerSecond}).");
        for (var i = 0; i < options.Senders.Count; i++)
        {
            var sender = options.Senders[i];
            if (string.IsNullOrWhiteSpace(sender.PhoneNumber) == string.IsNullOrWhiteSpace(sender.MessagingServiceSid))
                errors.Add($"Twilio:Senders:{i} must set exactly one of PhoneNumber and MessagingServiceSid.");
            if (!(sender.MessagesPerSecond > 0) || double.IsInfinity(sender.MessagesPerSecond))
                errors.Add($"Twilio:Senders:{i}:MessagesPerSecond must be a number greater than 0 (it is {sender.MessagesPerSecond}).");
            if (options.Senders.Take(i).Any(s => s.Key == sender.Key))
                errors.Add($"Twilio:Senders:{i} repeats a sender listed before it.");
        }
        if (!string.IsNullOrWhiteSpace(options.ApiBaseUrl) && (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http")))
            errors.Add("Twilio:ApiBaseUrl, when set, must be an absolute http(s) URL such as http://127.0.0.1:4010.");
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
            errors.Add("Twilio:PublicBaseUrl must be an absolute URL such as https://bot.example.org.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

internal sealed class OutboxOptionsValidation : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var errors = new List<string>();
        if (options.MaxAttempts < 1) errors.Add("Outbox:MaxAttempts must be at least 1.");
        if (options.InitialRetryDelay <= TimeSpan.Zero) errors.Add("Outbox:InitialRetryDelay must be positive.");
        if (options.MaxRetryDelay < options.InitialRetryDelay) errors.Add("Outbox:MaxRetryDelay must not be less than Outbox:InitialRetryDelay.");
        if (options.Lease <= TwilioMessageSender.DefaultTimeout * 2) errors.Add("Outbox:Lease must be well over the provider timeout (more than 20 seconds).");
        if (options.PollInterval <= TimeSpan.Zero) errors.Add("Outbox:PollInterval must be positive.");
        if (options.DispatchLease < OutboxDispatcher.MinimumDispatchLease)
            errors.Add($"Outbox:DispatchLease must be at least {OutboxDispatcher.MinimumDispatchLease.TotalSeconds:0} seconds (the provider timeout plus time to renew).");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
