using BotService.Hosting;
using BotService.Safety.CrisisDetection;
using BotService.Turns;
using BotService.Volunteers;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BotService.Safety;

public static class SafetyServiceCollectionExtensions
{
    /// <summary>The crisis detector (concept files from dialogs/) and the safety check every turn starts with.</summary>
    public static IServiceCollection AddSafetyCheck(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ICrisisDetector>(sp => CrisisDetector.LoadFrom(ServiceRegistration.DialogsFolder(configuration, sp.GetRequiredService<AppPaths>().Root)));
        services.AddSingleton<ISafetyCheck, SafetyCheck>();
        // Until volunteers are wired in, the honest answer is that nobody was paged.
        services.TryAddSingleton<ICrisisEscalation, NoVolunteerEscalation>();
        return services;
    }

    private sealed class NoVolunteerEscalation : ICrisisEscalation
    {
        public Task<PeerAvailability> EscalateAsync(CrisisEscalationRequest request, CancellationToken cancellationToken) =>
            Task.FromResult(PeerAvailability.Unavailable);
    }
}
