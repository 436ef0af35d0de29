using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Turns;

public static class TurnRegistration
{
    /// <summary>The turn pipeline every channel hands its messages to, and the dialog set it runs.</summary>
    public static IServiceCollection AddTurns(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DialogOptions>().Bind(configuration.GetSection(DialogOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DialogOptions>, DialogOptionsValidator>();
        services.AddSingleton<DialogStateStore>();
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<DialogStateStore>());
        services.AddSingleton(_ => new MemberRowCache());
        services.AddSingleton<TurnDialogs>();
        services.AddSingleton<ITurnHandler, TurnPipeline>();
        return services;
    }
}
