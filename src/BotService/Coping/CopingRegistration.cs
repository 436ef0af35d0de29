using BotService.Privacy;

namespace BotService.Coping;

public static class CopingRegistration
{
    /// <summary>Which coping ideas helped her, per idea.</summary>
    public static IServiceCollection AddCoping(this IServiceCollection services)
    {
        services.AddSingleton<StrategyCounterStore>();
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<StrategyCounterStore>());
        return services;
    }
}
