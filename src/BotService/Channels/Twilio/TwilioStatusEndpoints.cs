using BotService.Messaging.Outbox;

namespace BotService.Channels.Twilio;

/// <summary>Twilio's delivery status callbacks for the messages we send.</summary>
public static partial class TwilioStatusEndpoints
{
    public const string Path = "/sms/status";

    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        // Same signature rule as the inbound webhook: the public URL plus every form parameter received.
        app.MapPost(Path, HandleAsync).RequireTwilioSignature().DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, TableOutbox outbox,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(typeof(TwilioStatusEndpoints));
        if (!context.Request.HasFormContentType) return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
        var form = await context.Request.ReadFormAsync(cancellationToken);
        var sid = form["MessageSid"].ToString();
        var status = form["MessageStatus"].ToString();
        var errorCode = form["ErrorCode"].ToString();
        var result = await outbox.ApplyProviderStatusAsync(sid, status, string.IsNullOrEmpty(errorCode) ? null : errorCode, cancellationToken);
        // 200 even for an unknown SID: anything else makes Twilio retry a callback we can never match.
        if (result == ProviderStatusResult.UnknownSid) LogUnknownSid(logger, status);
        return Results.Ok();
    }

    [LoggerMessage(EventId = 7331, Level = LogLevel.Information, Message = "SMS status callback ({Status}) for a message SID the outbox does not know; ignored.")]
    private static partial void LogUnknownSid(ILogger logger, string status);
}
