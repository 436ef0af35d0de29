using BotService.Channels.DevPhone;
using BotService.Channels.Sms;
using Microsoft.Extensions.Options;

// In the hosting namespace so ServiceRegistration reads as one line per feature, without a using for each.
namespace BotService.Channels.Twilio;

public static partial class TwilioInboundRegistration
{
    /// <summary>The Twilio webhook, its idempotency store, SMS opt-out handling and (outside Production) the dev phone.</summary>
    public static WebApplicationBuilder AddTwilioInbound(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section);
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.Section);
        services.AddSingleton<ProcessedMessages>();
        services.AddHostedService<ProcessedMessagesCleanup>();
        services.AddHostedService<TwilioInboundStartupCheck>();
        services.AddSmsOptOut();
        builder.AddDevPhone();
        return builder;
    }

    /// <summary>POST /sms/inbound: the Twilio messaging webhook (signature, shape, idempotency, turn, TwiML).</summary>
    public static IEndpointRouteBuilder MapTwilioInbound(this IEndpointRouteBuilder app) => TwilioInboundEndpoints.Map(app);

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
