using BotService.Turns;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

public static class EscalationServiceCollectionExtensions
{
    /// <summary>Volunteers, escalations, paging, relays and timers. Replaces the safety check's "nobody available"
    /// placeholder whichever order the two are registered in.</summary>
    public static IServiceCollection AddEscalation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EscalationOptions>().Bind(configuration.GetSection(EscalationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section));
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<EscalationStore>();
        services.TryAddSingleton<BotService.Members.MemberRepository>();
        services.AddSingleton<EscalationRateLimiter>();
        services.AddSingleton<IMemberDataEraser, EscalationMemberEraser>();
        services.AddSingleton<OnCallHistory>();
        services.AddSingleton<VolunteerDirectory>();
        services.AddSingleton<LineSettingsStore>();
        services.AddSingleton<EscalationPager>();
        services.AddSingleton<EscalationService>();
        services.AddSingleton<EscalationCloser>();
        services.RemoveAll<ICrisisEscalation>();
        services.AddSingleton<ICrisisEscalation>(sp => sp.GetRequiredService<EscalationService>());
        // These are the real implementations: they replace any placeholder registered before them.
        services.RemoveAll<IPeerSupportQueue>();
        services.AddSingleton<IPeerSupportQueue>(sp => sp.GetRequiredService<EscalationService>());
        services.RemoveAll<IVolunteerRouter>();
        services.AddSingleton<IVolunteerRouter, VolunteerRouter>();
        services.AddSingleton<FollowUpScheduler>();
        services.TryAddSingleton<IFollowUpScheduler>(sp => sp.GetRequiredService<FollowUpScheduler>());
        services.TryAddSingleton<BotService.CheckIns.QuietHoursPolicy>();
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<FollowUpScheduler>());
        services.AddSingleton<EscalationTimers>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationTimers>());
        return services;
    }
}
