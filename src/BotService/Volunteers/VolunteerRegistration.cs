using BotService.Privacy;
using BotService.Safety;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

public static class VolunteerRegistration
{
    /// <summary>Volunteers, escalations (paging, claims, relays, follow-ups) and the line's settings. Escalation
    /// serves the safety check's paging port and the members' peer requests.</summary>
    public static IServiceCollection AddVolunteers(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EscalationOptions>().Bind(configuration.GetSection(EscalationOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EscalationOptions>, EscalationOptionsValidator>();
        services.AddOptions<AdminOptions>().Bind(configuration.GetSection(AdminOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdminOptions>, AdminOptionsValidator>();

        services.AddSingleton<EscalationStore>();
        services.AddSingleton<EscalationRateLimiter>();
        services.AddSingleton<IMemberDataEraser, EscalationMemberEraser>();
        services.AddSingleton<OnCallHistory>();
        services.AddSingleton<VolunteerDirectory>();
        services.AddSingleton<LineSettingsStore>();
        services.AddSingleton<EscalationPager>();
        services.AddSingleton<EscalationService>();
        services.AddSingleton<EscalationCloser>();
        services.AddSingleton<ICrisisEscalation>(sp => sp.GetRequiredService<EscalationService>());
        services.AddSingleton<IPeerSupportQueue>(sp => sp.GetRequiredService<EscalationService>());
        services.AddSingleton<IVolunteerRouter, VolunteerRouter>();
        services.AddSingleton<FollowUpScheduler>();
        services.AddSingleton<IFollowUpScheduler>(sp => sp.GetRequiredService<FollowUpScheduler>());
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<FollowUpScheduler>());
        services.AddSingleton<EscalationTimers>();
        services.AddHostedService(sp => sp.GetRequiredService<EscalationTimers>());
        return services;
    }
}
