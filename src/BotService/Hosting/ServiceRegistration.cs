using BotService.Channels.BotFramework;
using BotService.Channels.DevPhone;
using BotService.Channels.Sms;
using BotService.Channels.Twilio;
using BotService.CheckIns;
using BotService.Content;
using BotService.CoordinatorConsole;
using BotService.Coping;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Retention;
using BotService.Safety;
using BotService.Storage;
using BotService.Turns;
using BotService.Volunteers;

namespace BotService.Hosting;

/// <summary>Every service the bot registers, in one place, bottom layer first (see README, Architecture). Each folder
/// adds itself through one extension method; none replaces another's registration.</summary>
public static class ServiceRegistration
{
    public static WebApplicationBuilder AddBotServices(this WebApplicationBuilder builder)
    {
        var appRoot = AppRoot.Find(builder.Environment);
        AppRoot.AddRootSettings(builder.Configuration, appRoot, builder.Environment);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new AppPaths(appRoot));
        services.AddProblemDetails();

        services.AddPrivacy(configuration, builder.Environment.IsDevelopment(), appRoot);
        services.AddTableStorage(configuration);
        services.AddContent(configuration, appRoot);
        services.AddMessaging(configuration);
        services.AddMembers(configuration);
        services.AddSafety(configuration);
        services.AddVolunteers(configuration);
        services.AddCoping();
        services.AddCheckIns(configuration);
        services.AddRetention(configuration);
        services.AddTurns(configuration);
        services.AddSms(configuration);
        services.AddTwilio(configuration);
        services.AddBotFrameworkChannel(configuration);
        builder.AddDevPhone();
        builder.AddCoordinatorConsole();
        services.AddBotHealthChecks();
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
        app.MapBotFramework();
        return app;
    }
}
