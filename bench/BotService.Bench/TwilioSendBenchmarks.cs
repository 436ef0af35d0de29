using BenchmarkDotNet.Attributes;
using BotService.Channels.Twilio;
using BotService.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotService.Bench;

/// <summary>
/// One outbound SMS through the transport the outbox uses, resolved from the real registration, over HTTP to a
/// stand-in on 127.0.0.1: building the request, the round trip, reading Twilio's answer and mapping it to an outcome.
/// </summary>
[MemoryDiagnoser]
public class TwilioSendBenchmarks
{
    private BenchTwilioStandIn _standIn = null!;
    private ServiceProvider _services = null!;
    private IMessageTransport _transport = null!;

    [GlobalSetup]
    public void Setup()
    {
        _standIn = BenchTwilioStandIn.StartAsync().GetAwaiter().GetResult();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Twilio:AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Twilio:AuthToken"] = "bench-auth-token-0123456789abcdef",
            ["Twilio:PhoneNumber"] = "+15550001111",
            ["Twilio:PublicBaseUrl"] = "https://bot.example.org",
            ["Twilio:ApiBaseUrl"] = _standIn.BaseUrl,
        }).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.ClearProviders());
        services.AddSingleton(TimeProvider.System);
        services.AddMessaging(configuration).AddTwilio(configuration);
        _services = services.BuildServiceProvider();
        _transport = _services.GetServices<IMessageTransport>().Single(t => t.Channel == ChannelNames.Sms);
    }

    [Benchmark(Description = "send accepted (201)")]
    public async Task<string?> Accepted()
    {
        var outcome = await _transport.SendAsync("+15556200001", "Hi, it's your check-in. Reply OK.", "bench", CancellationToken.None);
        return outcome.Kind == SendOutcomeKind.Accepted ? outcome.ProviderMessageId : throw new InvalidOperationException($"send failed: {outcome.Kind} {outcome.Detail}");
    }

    [Benchmark(Description = "send opted out (400, code 21610)")]
    public async Task<string?> OptedOut()
    {
        var outcome = await _transport.SendAsync(BenchTwilioStandIn.OptedOut, "Hi, it's your check-in. Reply OK.", "bench", CancellationToken.None);
        return outcome.Kind == SendOutcomeKind.RecipientOptedOut ? outcome.ErrorCode : throw new InvalidOperationException($"unexpected: {outcome.Kind} {outcome.Detail}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _services.Dispose();
        _standIn.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
