using BotService.Content;
using BotService.Safety.CrisisDetection;
using BotService.Storage;

namespace BotService.Safety;

public static class SafetyRegistration
{
    /// <summary>The crisis detector (concept files from dialogs/) and the safety check every turn starts with.</summary>
    public static IServiceCollection AddSafety(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ICrisisDetector>(sp => CrisisDetector.LoadFrom(ContentRegistration.DialogsFolder(configuration, sp.GetRequiredService<AppPaths>().Root)));
        services.AddSingleton<SafetyCheck>();
        services.AddHostedService<CrisisDetectorWarmup>();
        return services;
    }
}
