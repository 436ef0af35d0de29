using BotService.Members;
using BotService.Messaging;
using BotService.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Sms;

public static class SmsRegistration
{
    public static IServiceCollection AddSmsOptOut(this IServiceCollection services)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section);
        services.TryAddSingleton<MemberRepository>();
        services.AddSingleton<OptOutHandler>();
        services.AddSingleton<BotService.Turns.IOptOutGate>(sp => sp.GetRequiredService<OptOutHandler>());
        services.AddSingleton<BotService.Messaging.IRecipientStatusSink>(sp => sp.GetRequiredService<OptOutHandler>());
        return services;
    }
}
