using BotService.Members;
using BotService.Messaging;
using BotService.Turns;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Sms;

public static class SmsRegistration
{
    /// <summary>Carrier keywords (STOP, START, HELP): the turn's opt-out gate, the members' opt-out lookup and the
    /// outbox's recipient-status listener are all the one <see cref="OptOutHandler"/>.</summary>
    public static IServiceCollection AddSms(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmsOptions>().Bind(configuration.GetSection(SmsOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        services.AddSingleton<OptOutHandler>();
        services.AddSingleton<IOptOutGate>(sp => sp.GetRequiredService<OptOutHandler>());
        services.AddSingleton<IOptOutLookup>(sp => sp.GetRequiredService<OptOutHandler>());
        services.AddSingleton<IRecipientStatusSink>(sp => sp.GetRequiredService<OptOutHandler>());
        return services;
    }
}
