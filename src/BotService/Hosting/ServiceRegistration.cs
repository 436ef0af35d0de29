using BotService.Content;
using BotService.Privacy;

namespace BotService.Hosting;

/// <summary>Every service the bot registers, in one place. Each concern adds itself through one extension method.</summary>
public static class ServiceRegistration
{
    public static WebApplicationBuilder AddBotServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();

        services.AddPrivacy(configuration, builder.Environment);
        services.AddContent(configuration);
        Channels.BotFramework.BotFrameworkServiceExtensions.AddBotFrameworkChannel(services, configuration);
        return builder;
    }

    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        app.MapGet("/", () => Results.Text("SMS peer-support bot. See /healthz."));
        Channels.BotFramework.BotFrameworkServiceExtensions.MapBotFramework(app);
        return app;
    }

    private static void AddPrivacy(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        // Resolved eagerly: a host without its keys must not start, and the error names the missing setting.
        var keys = PrivacyKeys.Resolve(options, environment.IsDevelopment(), Directory.GetCurrentDirectory());
        services.AddSingleton(keys.Hasher);
        services.AddSingleton(keys.Encryptor);
        if (keys.GeneratedForDevelopment)
            services.AddHostedService<DevelopmentKeyWarning>();
    }

    private static void AddContent(this IServiceCollection services, IConfiguration configuration)
    {
        var root = ContentRoot(configuration);
        services.AddSingleton(_ => ContentCatalog.LoadFrom(root));
    }

    /// <summary>Content:Root, default the dialogs/ folder copied next to the binaries.</summary>
    public static string ContentRoot(IConfiguration configuration) =>
        Path.GetFullPath(configuration["Content:Root"] ?? "dialogs", AppContext.BaseDirectory);

    private sealed class DevelopmentKeyWarning(ILogger<DevelopmentKeyWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("Privacy keys are not configured; using development keys generated in the local data folder. Never use these in production.");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
