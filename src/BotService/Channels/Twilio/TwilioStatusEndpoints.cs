using System.Security.Cryptography;
using System.Text;
using BotService.Messaging.Outbox;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder
{
    public static class TwilioStatusEndpointExtensions
    {
        /// <summary>Maps <c>POST /sms/status</c>. In this namespace so the host's one-line registration needs no using.</summary>
        public static IEndpointRouteBuilder MapTwilioStatus(this IEndpointRouteBuilder app) => BotService.Channels.Twilio.TwilioStatusEndpoints.Map(app);
    }
}

namespace BotService.Channels.Twilio
{

    /// <summary>Twilio's delivery status callbacks for the messages we send.</summary>
    public static partial class TwilioStatusEndpoints
    {
        public const string Path = "/sms/status";

        internal static IEndpointRouteBuilder Map(IEndpointRouteBuilder app)
        {
            app.MapPost(Path, HandleAsync).DisableAntiforgery().ExcludeFromDescription();
            return app;
        }

        private static async Task<IResult> HandleAsync(HttpContext context, TableOutbox outbox, IOptions<TwilioOptions> options,
            ILoggerFactory loggerFactory, CancellationToken cancellationToken)
        {
            var logger = loggerFactory.CreateLogger(typeof(TwilioStatusEndpoints));
            if (!context.Request.HasFormContentType) return Results.StatusCode(StatusCodes.Status415UnsupportedMediaType);
            var form = await context.Request.ReadFormAsync(cancellationToken);
            if (!SignatureCheck.IsValid(context.Request, form, options.Value))
            {
                LogBadSignature(logger);
                return Results.StatusCode(StatusCodes.Status403Forbidden);
            }

            var sid = form["MessageSid"].ToString();
            var status = form["MessageStatus"].ToString();
            var errorCode = form["ErrorCode"].ToString();
            var result = await outbox.ApplyProviderStatusAsync(sid, status, string.IsNullOrEmpty(errorCode) ? null : errorCode, cancellationToken);
            // 200 even for an unknown SID: anything else makes Twilio retry a callback we can never match.
            if (result == ProviderStatusResult.UnknownSid) LogUnknownSid(logger, status);
            return Results.Ok();
        }

        /// <summary>
        /// Twilio's request signature (base64 HMAC-SHA1 over the URL plus the sorted form fields). Kept tiny and private on
        /// purpose: the shared webhook signature filter from the inbound branch replaces it once merged.
        /// </summary>
        internal static class SignatureCheck
        {
            public static bool IsValid(HttpRequest request, IFormCollection form, TwilioOptions options)
            {
                if (string.IsNullOrEmpty(options.AuthToken)) return false;
                var header = request.Headers["X-Twilio-Signature"].ToString();
                if (string.IsNullOrEmpty(header)) return false;
                // Behind a proxy the request URL is not what Twilio signed; the configured public URL is.
                var url = string.IsNullOrWhiteSpace(options.PublicBaseUrl)
                    ? $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{request.QueryString}"
                    : options.PublicBaseUrl.TrimEnd('/') + request.PathBase + request.Path + request.QueryString;
                var expected = Compute(options.AuthToken, url, form.SelectMany(f => f.Value.Select(v => new KeyValuePair<string, string>(f.Key, v ?? ""))));
                return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(header));
            }

            public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
            {
                var data = new StringBuilder(url);
                foreach (var p in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal))
                    data.Append(p.Key).Append(p.Value);
                return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
            }
        }

        [LoggerMessage(EventId = 7330, Level = LogLevel.Warning, Message = "Rejected an SMS status callback with a missing or wrong signature.")]
        private static partial void LogBadSignature(ILogger logger);

        [LoggerMessage(EventId = 7331, Level = LogLevel.Information, Message = "SMS status callback ({Status}) for a message SID the outbox does not know; ignored.")]
        private static partial void LogUnknownSid(ILogger logger, string status);
    }
}
