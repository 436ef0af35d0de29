using BotService.Messaging;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

public static partial class TwilioRegistration
{
    /// <summary>The Twilio webhook and its idempotency store, and the REST sender when Twilio is configured to send.</summary>
    public static IServiceCollection AddTwilio(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ProcessedMessages>();
        services.AddHostedService<ProcessedMessagesCleanup>();
        services.AddHostedService<TwilioInboundStartupCheck>();

        var twilio = configuration.GetSection(TwilioOptions.Section).Get<TwilioOptions>() ?? new TwilioOptions();
        if (twilio.CanSend)
        {
            // HttpClient's own timeout is only a backstop; the sender times out on the injected clock at 10 s.
            var http = services.AddHttpClient(TwilioMessageSender.HttpClientName, c => c.Timeout = TwilioMessageSender.DefaultTimeout + TimeSpan.FromSeconds(5));
            if (!string.IsNullOrWhiteSpace(twilio.ApiBaseUrl))
            {
                services.AddTransient<TwilioApiBaseUrlHandler>();
                http.AddHttpMessageHandler<TwilioApiBaseUrlHandler>();
            }
            services.AddSingleton<TwilioMessageSender>();
            services.AddSingleton<IMessageTransport, TwilioMessageTransport>();
        }
        return services;
    }

    /// <summary>POST /sms/inbound: the Twilio messaging webhook (signature, shape, idempotency, turn, TwiML).</summary>
    public static IEndpointRouteBuilder MapTwilioInbound(this IEndpointRouteBuilder app) => TwilioInboundEndpoints.Map(app);

    /// <summary>POST /sms/status: Twilio's delivery status callbacks for the messages we send.</summary>
    public static IEndpointRouteBuilder MapTwilioStatus(this IEndpointRouteBuilder app) => TwilioStatusEndpoints.Map(app);

    /// <summary>Says once, at start-up, why every webhook will be refused.</summary>
    private sealed partial class TwilioInboundStartupCheck(IOptions<TwilioOptions> options, ILogger<TwilioInboundStartupCheck> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(options.Value.AuthToken))
                LogNoAuthToken(logger, TwilioInboundEndpoints.InboundPath);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        [LoggerMessage(EventId = 7413, Level = LogLevel.Warning, Message = "Twilio:AuthToken is not configured: {Path} refuses every request with 403 until it is set.")]
        private static partial void LogNoAuthToken(ILogger logger, string path);
    }
}
