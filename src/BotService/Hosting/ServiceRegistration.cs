using BotService.Channels.DevPhone;
using BotService.Channels.Twilio;
using BotService.Channels.BotFramework;
using BotService.Content;
using BotService.CoordinatorConsole;
using BotService.Privacy;
using BotService.Safety;
using BotService.Storage;
using BotService.Turns;
using BotService.Volunteers;

namespace BotService.Hosting;

/// <summary>Every service the bot registers, in one place. Each concern adds itself through one extension method.</summary>
public static partial class ServiceRegistration
{
    public static WebApplicationBuilder AddBotServices(this WebApplicationBuilder builder)
    {
        var appRoot = AppRoot.Find(builder.Environment);
        AppRoot.AddRootSettings(builder.Configuration, appRoot, builder.Environment);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(new AppPaths(appRoot));
        services.AddSingleton(TimeProvider.System);
        services.AddProblemDetails();

        services.AddTableStorage(configuration);
        services.AddPrivacy(configuration, builder.Environment, appRoot);
        services.AddContent(configuration, appRoot);
        services.AddSafetyCheck(configuration);
        services.AddEscalation(configuration);
        services.AddSmsOutbound(configuration);
        builder.AddTwilioInbound();
        ConversationRegistration.AddConversation(services, configuration);
        BotFrameworkServiceExtensions.AddBotFrameworkChannel(services, configuration);
        services.AddFeatureBridges();
        BotService.CheckIns.CheckInSchedulingExtensions.AddCheckInScheduling(services, configuration);
        services.AddRetention(configuration);
        services.AddBotHealthChecks();
        builder.AddCoordinatorConsole();
        builder.AddBotTelemetry();
        return builder;
    }

    public static WebApplication MapBotEndpoints(this WebApplication app)
    {
        app.MapAdmin();
        app.MapCoordinatorConsole();
        app.MapGet("/", () => Results.Text("SMS peer-support bot. See /healthz."));
        app.MapTwilioStatus();
        app.MapTwilioInbound();
        app.MapDevPhone();
        app.MapBotHealthChecks();
        BotFrameworkServiceExtensions.MapBotFramework(app);
        return app;
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "Runs once at start-up; registration reads the IConfiguration abstraction like every other Add* method.")]
    private static void AddPrivacy(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment, string appRoot)
    {
        var options = configuration.GetSection(PrivacyOptions.Section).Get<PrivacyOptions>() ?? new PrivacyOptions();
        // Resolved eagerly: a host without its keys must not start, and the error names the missing setting.
        var keys = PrivacyKeys.Resolve(options, environment.IsDevelopment(), appRoot);
        services.AddSingleton(keys.Hasher);
        services.AddSingleton(keys.Encryptor);
        if (keys.GeneratedForDevelopment)
            services.AddHostedService<DevelopmentKeyWarning>();
    }

    private static void AddContent(this IServiceCollection services, IConfiguration configuration, string appRoot)
    {
        var root = DialogsFolder(configuration, appRoot);
        services.AddSingleton(_ => ContentCatalog.LoadFrom(root));
    }

    /// <summary>Content:Root (default dialogs/ in the app root), else the copy shipped next to the binaries.</summary>
    public static string DialogsFolder(IConfiguration configuration, string appRoot)
    {
        var configured = Path.GetFullPath(configuration["Content:Root"] ?? "dialogs", appRoot);
        return Directory.Exists(configured) ? configured : Path.Combine(AppContext.BaseDirectory, "dialogs");
    }

    private sealed partial class DevelopmentKeyWarning(ILogger<DevelopmentKeyWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            LogDevelopmentKeys(logger);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Privacy keys are not configured; using development keys generated in the local data folder. Never use these in production.")]
        private static partial void LogDevelopmentKeys(ILogger logger);
    }
}
