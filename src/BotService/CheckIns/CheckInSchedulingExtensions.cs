using BotService.Members;
using BotService.Messaging;
using BotService.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BotService.CheckIns;

public static class CheckInSchedulingExtensions
{
    /// <summary>Daily check-ins: options (validated at start), quiet hours, the due index (as the member schedule
    /// listener), the ledger and the scheduler. Needs an <see cref="Storage.ITableStore"/> and an
    /// <see cref="IOutbox"/> from the storage and outbox registrations. The opt-out lookup and the
    /// peer-outreach queue get logging/no-op defaults that the SMS and escalation layers replace.</summary>
    public static IServiceCollection AddCheckInScheduling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CheckInOptions>().Bind(configuration.GetSection(CheckInOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CheckInOptions>, CheckInOptionsValidator>());
        services.TryAddSingleton<QuietHoursPolicy>();
        services.TryAddSingleton<CheckInIndex>();
        services.AddSingleton<IMemberScheduleListener>(sp => sp.GetRequiredService<CheckInIndex>());
        services.TryAddSingleton<MemberRepository>();
        services.TryAddSingleton<CheckInLedger>();
        services.TryAddSingleton<IOptOutLookup, NoOptOutLookup>();
        services.TryAddSingleton<IPeerOutreachQueue, LoggingPeerOutreachQueue>();
        // The conversation layer registers no-op defaults for these seams; the scheduler's real ones replace them.
        services.Replace(ServiceDescriptor.Singleton<IOpenCheckInLookup, LedgerOpenCheckInLookup>());
        services.Replace(ServiceDescriptor.Singleton<ICheckInTimePolicy, QuietHoursCheckInTimePolicy>());
        services.AddSingleton<IMemberDataEraser, CheckInDataEraser>();
        // The senders' capacity a minute: all senders' rates together.
        services.TryAddSingleton(sp => SenderCapacity.From(sp.GetRequiredService<IOptions<BotService.Channels.Twilio.TwilioOptions>>().Value));
        services.TryAddSingleton<CheckInCapacityAlert>();
        services.TryAddSingleton<CheckInScheduler>();
        services.AddHostedService<LegacyCheckInIndexMigration>();
        // Resolved when the host starts, after every registration: without a durable outbox (AddSmsOutbound) the
        // scheduler must not run at all (it would claim days it cannot deliver), so it says so and stays off.
        services.AddSingleton<IHostedService>(sp => sp.GetService<IOutbox>() is null
            ? new SchedulerDisabledNotice(sp.GetRequiredService<ILogger<SchedulerDisabledNotice>>())
            : sp.GetRequiredService<CheckInScheduler>());
        return services;
    }
}
