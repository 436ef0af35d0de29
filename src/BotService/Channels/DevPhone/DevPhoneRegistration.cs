using BotService.Messaging;

namespace BotService.Channels.DevPhone;

public static class DevPhoneRegistration
{
    /// <summary>
    /// The dev phone log, and (when Twilio cannot send) the transport that delivers outbound SMS to it. Nothing in
    /// Production: there a missing Twilio credential must surface as undelivered messages, not as texts kept in memory.
    /// </summary>
    public static WebApplicationBuilder AddDevPhone(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsProduction()) return builder;
        var services = builder.Services;
        services.AddSingleton<DevPhoneLog>();
        var twilio = builder.Configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
        if (!twilio.CanSend)
        {
            services.AddSingleton<DevPhoneTransport>();
            services.AddSingleton<IMessageTransport>(sp => sp.GetRequiredService<DevPhoneTransport>());
        }
        return builder;
    }

    /// <summary>The dev phone page and its JSON API, when <see cref="DevPhoneEndpoints.IsAvailable"/>.</summary>
    public static WebApplication MapDevPhone(this WebApplication app) => DevPhoneEndpoints.Map(app);
}
