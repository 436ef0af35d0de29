using Microsoft.Extensions.Options;

namespace BotService.Retention;

public static class RetentionRegistration
{
    /// <summary>The retention purges: options (section <c>Retention</c>, validated at start), the purge of rows kept
    /// past their time and the daily purge of answered check-ins.</summary>
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddSingleton<RetentionPurger>();
        services.AddHostedService<RetentionService>();
        services.AddHostedService<CheckInRetentionService>();
        return services;
    }
}
