using BotService.Messaging.Outbox;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Messaging;

public static class MessagingRegistration
{
    /// <summary>The durable outbox and its dispatcher, with the Twilio account and senders it paces by (section
    /// <c>Twilio</c>, bound here once). Transports come from the channels.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TwilioOptions>().Bind(configuration.GetSection(TwilioOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TwilioOptions>, TwilioSendOptionsValidation>();
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidation>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<TableOutbox>();
        services.AddSingleton<IOutbox>(sp => sp.GetRequiredService<TableOutbox>());
        services.AddSingleton<IMemberDataEraser, OutboxMemberEraser>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
