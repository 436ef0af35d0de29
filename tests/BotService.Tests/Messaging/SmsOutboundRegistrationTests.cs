using System.Security.Cryptography;
using BotService.Channels.Twilio;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Messaging;

public class SmsOutboundRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders());
        services.AddSingleton<ITableStore>(new SqliteTableStore(Path.Combine(Directory.CreateTempSubdirectory().FullName, "reg.db")));
        services.AddSingleton(new KeyedHasher(RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton(new FieldEncryptor(RandomNumberGenerator.GetBytes(32)));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRecipientStatusSink, RecordingSink>();
        services.AddMessaging(configuration).AddTwilio(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Registers_outbox_sink_and_twilio_transport_when_twilio_can_send()
    {
        using var sp = Build(new()
        {
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "t",
            ["Twilio:PhoneNumber"] = "+15550001111",
        });
        Assert.NotNull(sp.GetRequiredService<IOutbox>());
        Assert.NotNull(sp.GetRequiredService<IRecipientStatusSink>());
        Assert.Contains(sp.GetServices<IMessageTransport>(), t => t is TwilioMessageTransport);
        Assert.NotNull(ActivatorUtilities.CreateInstance<BotService.Messaging.Outbox.OutboxDispatcher>(sp, new BotService.Members.MemberSendGate(sp.GetRequiredService<ITableStore>(), [], new BotService.Members.QuietHoursPolicy("21:00-08:00"), TimeProvider.System)));
    }

    [Fact]
    public void Without_twilio_credentials_no_twilio_transport_is_registered()
    {
        using var sp = Build([]);
        Assert.DoesNotContain(sp.GetServices<IMessageTransport>(), t => t is TwilioMessageTransport);
        Assert.NotNull(sp.GetRequiredService<IOutbox>());
    }

    [Theory]
    [InlineData("Twilio:MessagesPerSecond", "0")]
    [InlineData("Twilio:MessagesPerSecond", "-1")]
    [InlineData("Twilio:ApiBaseUrl", "api.twilio.com")]
    [InlineData("Outbox:MaxAttempts", "0")]
    public void Bad_settings_fail_naming_the_key(string key, string value)
    {
        using var sp = Build(new() { [key] = value });
        var ex = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = sp.GetRequiredService<IOptions<TwilioOptions>>().Value;
            _ = sp.GetRequiredService<IOptions<BotService.Messaging.Outbox.OutboxOptions>>().Value;
        });
        Assert.Contains(key, ex.Message);
    }
}
