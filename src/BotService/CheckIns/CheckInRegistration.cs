using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.CheckIns;

public static class CheckInRegistration
{
    /// <summary>Daily check-ins: options (validated at start), quiet hours from <c>CheckIns:QuietHours</c>, the due
    /// index (as the member schedule listener), the ledger, the check-in store and the scheduler.</summary>
    public static IServiceCollection AddCheckIns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheckInOptions>().Bind(configuration.GetSection(CheckInOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckInOptions>, CheckInOptionsValidator>();
        services.AddSingleton(sp => new QuietHoursPolicy(sp.GetRequiredService<IOptions<CheckInOptions>>().Value.QuietHours));
        services.AddSingleton<CheckInStore>();
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<CheckInStore>());
        services.AddSingleton<CheckInIndex>();
        services.AddSingleton<IMemberScheduleListener>(sp => sp.GetRequiredService<CheckInIndex>());
        services.AddSingleton<CheckInLedger>();
        services.AddSingleton<IOpenCheckInLookup, LedgerOpenCheckInLookup>();
        services.AddSingleton<IMemberDataEraser, CheckInDataEraser>();
        // The senders' capacity a minute: all senders' rates together.
        services.AddSingleton(sp => SenderCapacity.From(sp.GetRequiredService<IOptions<TwilioOptions>>().Value));
        services.AddSingleton<CheckInCapacityAlert>();
        services.AddSingleton<CheckInScheduler>();
        services.AddHostedService<LegacyCheckInIndexMigration>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckInScheduler>());
        return services;
    }
}
