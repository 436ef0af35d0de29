using BotService.Channels.Twilio;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

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
        services.TryAddEnumerable(ServiceDescriptor.Singleton<BotService.Turns.IMemberDataEraser, OutboxMemberEraser>());
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
