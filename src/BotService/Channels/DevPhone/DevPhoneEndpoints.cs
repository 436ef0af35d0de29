using BotService.Messaging;
using BotService.Privacy;
using BotService.Turns;

namespace BotService.Channels.DevPhone;

/// <summary>
/// A local stand-in for a phone: <c>GET /dev/phone</c> (the page), <c>POST /dev/phone/messages</c> (text the bot as
/// a number) and <c>GET /dev/phone/messages?number=</c> (what that number sent and received). Mapped in Development,
/// or when <c>DevPhone:Enabled</c> is true; never in Production, whatever the setting says.
/// </summary>
public static partial class DevPhoneEndpoints
{
    public const string EnabledSetting = "DevPhone:Enabled";

    public sealed record SendRequest(string? From, string? Body);
    public sealed record SendResponse(string Number, IReadOnlyList<string> Replies);
    public sealed record MessageView(string Direction, string Body, DateTimeOffset At, string Source, long Sequence);
    public sealed record ThreadResponse(string Number, IReadOnlyList<MessageView> Messages);

    public static bool IsAvailable(IHostEnvironment environment, IConfiguration configuration) =>
        !environment.IsProduction() && (environment.IsDevelopment() || (bool.TryParse(configuration[EnabledSetting], out var enabled) && enabled));

    internal static WebApplication Map(WebApplication app)
    {
        if (!IsAvailable(app.Environment, app.Configuration)) return app;

        var group = app.MapGroup("/dev/phone").ExcludeFromDescription();
        // Belt and braces: even a mapping that slipped through answers 404 in Production.
        group.AddEndpointFilter(async (context, next) =>
            context.HttpContext.RequestServices.GetRequiredService<IHostEnvironment>().IsProduction() ? Results.NotFound() : await next(context));

        group.MapGet("", () => Results.Content(DevPhonePage.Html, "text/html; charset=utf-8"))
            .AddEndpointFilter(async (context, next) =>
            {
                var headers = context.HttpContext.Response.Headers;
                headers.ContentSecurityPolicy = DevPhonePage.ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                return await next(context);
            });
        group.MapPost("/messages", SendAsync);
        group.MapGet("/messages", (string? number, DevPhoneLog log) =>
        {
            if (!PhoneNumber.TryNormalize(number, out var e164)) return NotAPhone();
            var messages = log.For(e164).Select(ToView).ToArray();
            return Results.Ok(new ThreadResponse(e164, messages));
        });
        group.MapGet("/numbers", (DevPhoneLog log) => Results.Ok(log.Numbers()));
        return app;
    }

    private static async Task<IResult> SendAsync(SendRequest request, DevPhoneLog log, TimeProvider time, IServiceProvider services,
        ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!PhoneNumber.TryNormalize(request.From, out var e164)) return NotAPhone();
        var body = request.Body ?? "";
        if (body.Length > 1600) return Results.Problem(statusCode: 400, title: "A text holds at most 1600 characters.");
        log.Record(e164, DevPhoneDirection.Sent, body, "dev phone");

        if (services.GetService<ITurnHandler>() is null)
            return Results.Problem(statusCode: 503, title: "No ITurnHandler is registered, so the bot cannot answer yet.");
        var message = new InboundMessage(ChannelNames.Sms, e164, body, "DEV" + Guid.NewGuid().ToString("N"), time.GetUtcNow());
        var logger = loggers.CreateLogger(typeof(DevPhoneEndpoints).FullName!);
        // Same path as the webhook's turn (including its never-throw guarantee), minus the signature and idempotency.
        var handler = services.GetRequiredService<ITurnHandler>();
        IReadOnlyList<string> replies;
        try
        {
            replies = (await handler.HandleTurnAsync(message, cancellationToken)).Messages.Where(m => !string.IsNullOrWhiteSpace(m)).ToArray();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogTurnThrew(logger, e.GetType().FullName);
            replies = [];
        }
        foreach (var reply in replies) log.Record(e164, DevPhoneDirection.Received, reply, "reply");
        return Results.Ok(new SendResponse(e164, replies));
    }

    private static MessageView ToView(DevPhoneEntry entry) => new(
        entry.Direction == DevPhoneDirection.Sent ? "sent" : "received", entry.Body, entry.At, entry.Source, entry.Sequence);

    private static IResult NotAPhone() =>
        Results.Problem(statusCode: 400, title: "Not a phone number: use E.164 like +15555550100, or 10 North American digits.");

    [LoggerMessage(EventId = 8101, Level = LogLevel.Error, Message = "The turn handler threw {ExceptionType} on a dev phone message.")]
    private static partial void LogTurnThrew(ILogger logger, string? exceptionType);
}
