using BotService.CheckIns;
using BotService.Coping;
using BotService.Members;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BotService.Turns;

public static class ConversationRegistration
{
    /// <summary>The turn pipeline, member flows and their defaults. Needs an ITableStore (storage registration) and an
    /// ISafetyCheck (crisis work): without a safety check the host refuses to start.</summary>
    public static IServiceCollection AddConversation(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConversationOptions>().Configure(o => ConversationOptions.Bind(o, configuration));
        // Defaults the escalation, SMS and scheduling layers replace with their own registrations.
        services.TryAddSingleton<IVolunteerRouter, NoVolunteerRouter>();
        services.TryAddSingleton<IPeerSupportQueue, LoggingPeerSupportQueue>();
        services.TryAddSingleton<IOptOutGate, NoOptOutGate>();
        services.TryAddSingleton<IOpenCheckInLookup, NoOpenCheckIns>();
        services.TryAddSingleton<ICheckInTimePolicy, DefaultCheckInTimePolicy>();
        services.TryAddSingleton<MemberRepository>();

        services.AddSingleton<DialogStateStore>();
        services.TryAddSingleton(_ => new MemberRowCache());
        services.AddSingleton<CheckInStore>();
        services.AddSingleton<StrategyCounterStore>();
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<DialogStateStore>());
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<CheckInStore>());
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<StrategyCounterStore>());
        services.AddSingleton<IMemberDataEraser, ProfileEraser>();
        services.AddSingleton<FlowServices>();
        services.AddSingleton<ITurnHandler, TurnPipeline>();
        services.AddHostedService<SafetyCheckGuard>();
        services.AddHostedService<CheckInRetentionService>();
        return services;
    }

    /// <summary>The bot must never answer members without its crisis check.</summary>
    private sealed class SafetyCheckGuard(IServiceProvider provider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => provider.GetService<ISafetyCheck>() is null
            ? throw new InvalidOperationException("No ISafetyCheck is registered: the bot will not start without its crisis safety check.")
            : Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
