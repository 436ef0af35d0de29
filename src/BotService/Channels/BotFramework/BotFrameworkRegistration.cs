using BotService.Messaging;
using BotService.Privacy;
using Microsoft.Extensions.Options;

namespace BotService.Channels.BotFramework;

/// <summary>Wires the Bot Framework channel: one call each from ServiceRegistration.</summary>
public static partial class BotFrameworkRegistration
{
    public static IServiceCollection AddBotFrameworkChannel(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotFrameworkOptions>().Bind(configuration.GetSection(BotFrameworkOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>();
        services.AddHttpClient(BotFrameworkAuthenticator.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(BotConnectorTokenProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(BotConnectorClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            // HttpClient's own logging writes the request URI, which holds her conversation id; we log outcomes instead.
            .RemoveAllLoggers()
            // Never follow a redirect: the service URL was vouched for by the channel's token; where it redirects was not.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<BotFrameworkAuthenticator>();
        services.AddSingleton<BotConnectorTokenProvider>();
        services.AddSingleton<BotConnectorClient>();
        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton<IMemberDataEraser>(sp => sp.GetRequiredService<ConversationReferenceStore>());
        services.AddSingleton<BotFrameworkTransport>();
        services.AddSingleton<IMessageTransport>(sp => sp.GetRequiredService<BotFrameworkTransport>());
        services.AddHostedService<BotFrameworkStartupLog>();
        return services;
    }

    public static IEndpointRouteBuilder MapBotFramework(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/messages", BotFrameworkEndpoint.HandleAsync).DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Says once, at start-up, how inbound activities are authenticated, so a deployment that forgot its
    /// App ID (everything refused) or a developer in emulator mode (nothing checked) sees it in the first log lines.</summary>
    private sealed partial class BotFrameworkStartupLog(BotFrameworkAuthenticator authenticator, IOptions<BotFrameworkOptions> options,
        ILogger<BotFrameworkStartupLog> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var o = options.Value;
            if (authenticator.AuthDisabled)
                LogEmulatorMode(logger);
            else if (!o.HasAppId)
                LogNoAppId(logger);
            else
                LogAuthentication(logger, o.OpenIdMetadataUrl, o.UseManagedIdentity ? "managed identity" : "client secret");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 8011, Level = LogLevel.Warning, Message = "Bot Framework: no BotFramework:AppId in Development, so /api/messages accepts unauthenticated activities (Bot Framework Emulator mode).")]
        private static partial void LogEmulatorMode(ILogger logger);

        [LoggerMessage(EventId = 8012, Level = LogLevel.Information, Message = "Bot Framework: BotFramework:AppId is not set; /api/messages refuses every activity.")]
        private static partial void LogNoAppId(ILogger logger);

        [LoggerMessage(EventId = 8013, Level = LogLevel.Information, Message = "Bot Framework: inbound tokens checked against {MetadataUrl}; outbound tokens via {Source}.")]
        private static partial void LogAuthentication(ILogger logger, string metadataUrl, string source);
    }
}
