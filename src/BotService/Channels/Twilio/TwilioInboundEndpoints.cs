using System.Text;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Turns;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BotService.Channels.Twilio;

/// <summary>
/// The Twilio messaging webhook. Order matters: signature (403), then shape (400), then idempotency per MessageSid,
/// then the turn. Twilio never sees a 5xx from here: whatever fails after the shape check still gets valid TwiML.
/// </summary>
public static partial class TwilioInboundEndpoints
{
    public const string InboundPath = "/sms/inbound";

    internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
    {
        app.MapPost(InboundPath, HandleInboundAsync)
            .RequireTwilioSignature()
            .WithName("TwilioInbound");
        return app;
    }

    private static async Task<IResult> HandleInboundAsync(HttpContext http, TimeProvider time, IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TwilioInboundEndpoints).FullName!);
        if (!http.Request.HasFormContentType)
            return BadRequest("Expected a form post (application/x-www-form-urlencoded).");
        // The signature filter has already read the form; this returns the cached collection.
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var messageSid = SingleValue(form, "MessageSid");
        if (string.IsNullOrEmpty(messageSid)) return BadRequest("MessageSid is required.");
        if (messageSid.Length > 64 || !messageSid.All(char.IsAsciiLetterOrDigit)) return BadRequest("MessageSid is not a Twilio message id.");
        var from = SingleValue(form, "From");
        if (string.IsNullOrEmpty(from)) return BadRequest("From is required.");
        if (!PhoneNumber.TryNormalize(from, out var e164)) return BadRequest("From is not a phone number.");
        var body = SingleValue(form, "Body") ?? "";

        try
        {
            var processed = http.RequestServices.GetRequiredService<ProcessedMessages>();
            // Not the request's token: if Twilio hangs up, the turn still finishes and its reply is stored for the retry.
            var stopping = lifetime.ApplicationStopping;
            var message = new InboundMessage(ChannelNames.Sms, e164, body, messageSid, time.GetUtcNow());
            var twiml = await processed.RunOnceAsync(messageSid, () => RunTurnAsync(http.RequestServices, message, logger, stopping), stopping);
            return TwimlResult(twiml);
        }
        catch (Exception e)
        {
            LogInboundFailed(logger, e.GetType().Name);
            return TwimlResult(Twiml.Empty);
        }
    }

    /// <summary>Runs the turn and renders its reply; never throws.</summary>
    internal static async Task<string> RunTurnAsync(IServiceProvider services, InboundMessage message, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var handler = services.GetService<ITurnHandler>();
            if (handler is null)
            {
                LogNoTurnHandler(logger);
                return Twiml.Empty;
            }
            var reply = await handler.HandleTurnAsync(message, cancellationToken);
            return Twiml.Render(reply.Messages);
        }
        catch (Exception e)
        {
            // The exception message may quote her text, so only its type is logged.
            LogTurnThrew(logger, e.GetType().FullName);
            return Twiml.Empty;
        }
    }

    private static IResult TwimlResult(string twiml) => Results.Text(twiml, "text/xml", Encoding.UTF8, StatusCodes.Status200OK);

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not a Twilio message webhook.", detail: detail);

    // Twilio sends each of these once; two values would mean the request is not what it claims to be.
    private static string? SingleValue(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.Count == 1 ? values[0] : null;

    [LoggerMessage(EventId = 7410, Level = LogLevel.Error, Message = "Inbound SMS failed outside the turn ({ExceptionType}); answered with empty TwiML.")]
    private static partial void LogInboundFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 7411, Level = LogLevel.Error, Message = "No ITurnHandler is registered; inbound SMS cannot be answered.")]
    private static partial void LogNoTurnHandler(ILogger logger);

    [LoggerMessage(EventId = 7412, Level = LogLevel.Error, Message = "The turn handler threw {ExceptionType}; answered with empty TwiML.")]
    private static partial void LogTurnThrew(ILogger logger, string? exceptionType);
}
