using BotService.Channels.Twilio;
using BotService.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Channels.Twilio;

/// <summary>
/// The Twilio sender as the app registers it (<c>AddMessaging</c> and <c>AddTwilio</c>: the named HttpClient, and the handler that moves
/// requests to Twilio:ApiBaseUrl), on a clock the test controls, so tests cover the real wiring and not a hand-made copy.
/// </summary>
internal static class TwilioSenderServices
{
    public static ServiceProvider Build(TwilioOptions twilio, TimeProvider clock)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = twilio.AccountSid,
            ["Twilio:AuthToken"] = twilio.AuthToken,
            ["Twilio:PhoneNumber"] = twilio.PhoneNumber,
            ["Twilio:MessagingServiceSid"] = twilio.MessagingServiceSid,
            ["Twilio:PublicBaseUrl"] = twilio.PublicBaseUrl,
            ["Twilio:ApiBaseUrl"] = twilio.ApiBaseUrl,
        };
        for (var i = 0; i < twilio.Senders.Count; i++)
        {
            settings[$"Twilio:Senders:{i}:PhoneNumber"] = twilio.Senders[i].PhoneNumber;
            settings[$"Twilio:Senders:{i}:MessagingServiceSid"] = twilio.Senders[i].MessagingServiceSid;
            settings[$"Twilio:Senders:{i}:MessagesPerSecond"] = twilio.Senders[i].MessagesPerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(clock);
        services.AddMessaging(configuration).AddTwilio(configuration);
        return services.BuildServiceProvider();
    }
}
