using BotService.Messaging;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

/// <summary>
/// Refuses (403) any request whose X-Twilio-Signature does not sign the public URL and every form parameter received.
/// Fails closed: with no <see cref="TwilioOptions.AuthToken"/> configured, every request is refused.
/// Apply with <see cref="TwilioSignatureFilterExtensions.RequireTwilioSignature{TBuilder}"/>.
/// </summary>
public sealed partial class TwilioSignatureFilter(IOptionsMonitor<TwilioOptions> options, ILogger<TwilioSignatureFilter> logger) : IEndpointFilter
{
    /// <summary>Twilio's form posts are a few kilobytes; anything much larger is not Twilio.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var verdict = await CheckAsync(http);
        return verdict switch
        {
            Verdict.Valid => await next(context),
            Verdict.Unreadable => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unreadable request body."),
            Verdict.TooLarge => TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large."),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid or missing Twilio signature."),
        };
    }

    private enum Verdict { Valid, Forbidden, Unreadable, TooLarge }

    /// <summary>
    /// ASP.NET Core refuses a form value holding a NUL, but a phone can send one inside a crisis text. Such a form is
    /// read again without that check; the signature is verified over the values as sent, and the text is made
    /// well-formed (control characters stripped) where every channel builds its message.
    /// </summary>
    private static async Task<IFormCollection> ReadFormAsync(HttpContext http)
    {
        try
        {
            return await http.Request.ReadFormAsync(http.RequestAborted);
        }
        catch (InvalidDataException)
        {
            http.Request.Body.Position = 0;
            using var reader = new StreamReader(http.Request.Body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            var body = await reader.ReadToEndAsync(http.RequestAborted);
            var fields = await new Microsoft.AspNetCore.WebUtilities.FormReader(body).ReadFormAsync(http.RequestAborted);
            var form = new FormCollection(fields);
            http.Features.Set<Microsoft.AspNetCore.Http.Features.IFormFeature>(new Microsoft.AspNetCore.Http.Features.FormFeature(form));
            return form;
        }
    }

    private async Task<Verdict> CheckAsync(HttpContext http)
    {
        var current = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(current.AuthToken))
        {
            LogNoAuthToken(logger, http.Request.Path.Value);
            return Verdict.Forbidden;
        }
        var headers = http.Request.Headers[TwilioSignatureValidator.HeaderName];
        if (headers.Count != 1 || string.IsNullOrEmpty(headers[0]))
        {
            LogNoSignature(logger, http.Request.Path.Value, TwilioSignatureValidator.HeaderName);
            return Verdict.Forbidden;
        }
        if (http.Request.ContentLength > MaxBodyBytes) return Verdict.TooLarge;

        List<KeyValuePair<string, string>> parameters = [];
        if (http.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                // Buffered so a form ASP.NET Core refuses can be read a second time, leniently.
                http.Request.EnableBuffering(bufferThreshold: (int)MaxBodyBytes, bufferLimit: MaxBodyBytes);
                form = await ReadFormAsync(http);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or BadHttpRequestException)
            {
                LogUnreadableForm(logger, http.Request.Path.Value, e.GetType().Name);
                return Verdict.Unreadable;
            }
            parameters.Capacity = form.Count;
            foreach (var (name, values) in form)
                foreach (var value in values)
                    parameters.Add(new(name, value ?? ""));
        }

        var url = PublicUrl(http.Request, current.PublicBaseUrl);
        if (TwilioSignatureValidator.IsValid(current.AuthToken, url, parameters, headers[0]))
            return Verdict.Valid;
        LogBadSignature(logger, http.Request.Path.Value);
        return Verdict.Forbidden;
    }

    /// <summary>
    /// The URL Twilio signed: <c>Twilio:PublicBaseUrl</c> + path + query when configured (behind a proxy the request
    /// URL is the internal one), else the URL as this server saw it.
    /// </summary>
    public static string PublicUrl(HttpRequest request, string? publicBaseUrl)
    {
        var pathAndQuery = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        if (!string.IsNullOrWhiteSpace(publicBaseUrl))
            return publicBaseUrl.Trim().TrimEnd('/') + pathAndQuery;
        return request.Scheme + "://" + request.Host.ToUriComponent() + pathAndQuery;
    }

    [LoggerMessage(EventId = 7414, Level = LogLevel.Warning, Message = "Refused a webhook on {Path}: Twilio:AuthToken is not configured.")]
    private static partial void LogNoAuthToken(ILogger logger, string? path);

    [LoggerMessage(EventId = 7415, Level = LogLevel.Warning, Message = "Refused a webhook on {Path}: no {Header} header.")]
    private static partial void LogNoSignature(ILogger logger, string? path, string header);

    [LoggerMessage(EventId = 7416, Level = LogLevel.Warning, Message = "Refused a webhook on {Path}: the form could not be read ({ExceptionType}).")]
    private static partial void LogUnreadableForm(ILogger logger, string? path, string exceptionType);

    [LoggerMessage(EventId = 7417, Level = LogLevel.Warning, Message = "Refused a webhook on {Path}: the Twilio signature does not match.")]
    private static partial void LogBadSignature(ILogger logger, string? path);
}
