namespace BotService.Privacy;

public static class PrivacyRegistration
{
    /// <summary>The keyed hasher and field encryptor. Resolved eagerly: a host without its keys must not start, and the
    /// error names the missing setting.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services, IConfiguration configuration, bool development, string appRoot)
    {
        var options = configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        var keys = PrivacyKeys.Resolve(options, development, appRoot);
        services.AddSingleton(keys.Hasher);
        services.AddSingleton(keys.Encryptor);
        if (keys.GeneratedForDevelopment)
            services.AddHostedService<DevelopmentKeyWarning>();
        return services;
    }
}
