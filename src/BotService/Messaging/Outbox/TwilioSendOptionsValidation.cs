using Microsoft.Extensions.Options;

namespace BotService.Messaging.Outbox;

internal sealed class TwilioSendOptionsValidation : IValidateOptions<TwilioOptions>
{
    public ValidateOptionsResult Validate(string? name, TwilioOptions options)
    {
        var errors = new List<string>();
        if (!(options.MessagesPerSecond > 0) || double.IsInfinity(options.MessagesPerSecond))
            errors.Add($"Twilio:MessagesPerSecond must be a number greater than 0 (it is {options.MessagesPerSecond}).");
        for (var i = 0; i < options.Senders.Count; i++)
        {
            var sender = options.Senders[i];
            if (string.IsNullOrWhiteSpace(sender.PhoneNumber) == string.IsNullOrWhiteSpace(sender.MessagingServiceSid))
                errors.Add($"Twilio:Senders:{i} must set exactly one of PhoneNumber and MessagingServiceSid.");
            if (!(sender.MessagesPerSecond > 0) || double.IsInfinity(sender.MessagesPerSecond))
                errors.Add($"Twilio:Senders:{i}:MessagesPerSecond must be a number greater than 0 (it is {sender.MessagesPerSecond}).");
            if (options.Senders.Take(i).Any(s => s.Key == sender.Key))
                errors.Add($"Twilio:Senders:{i} repeats a sender listed before it.");
        }
        if (!string.IsNullOrWhiteSpace(options.ApiBaseUrl) && (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("https" or "http")))
            errors.Add("Twilio:ApiBaseUrl, when set, must be an absolute http(s) URL such as http://127.0.0.1:4010.");
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl) && !Uri.TryCreate(options.PublicBaseUrl, UriKind.Absolute, out _))
            errors.Add("Twilio:PublicBaseUrl must be an absolute URL such as https://bot.example.org.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
