using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using BotService.Channels.Twilio;
using BotService.Storage.AzureTables;
using BotService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace BotService.Tests.Turns;

/// <summary>
/// HTTP requests to Azure Tables (Azurite) per webhook turn of a known member: the idempotency record and its stored
/// reply, plus whatever the turn itself needs. Only the turn is counted: the app's background services (scheduler,
/// outbox dispatcher, timers, retention) are not started, and the clock is frozen.
/// </summary>
[Collection("Azurite")]
public sealed class AzureRoundTripsPerTurnTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const string AuthToken = BotTestHost.AuthToken;
    private const string PublicBaseUrl = "https://bot.example.org";
    private const string Member = "+13125550147";

    [Fact]
    public async Task An_ordinary_turn_of_a_known_member_takes_at_most_three_round_trips()
    {
        await azurite.ClearAllTablesAsync();
        var counter = new RequestCounter();
        var options = AzureTableStore.ConfigureClientOptions(new TableClientOptions());
        options.AddPolicy(counter, HttpPipelinePosition.PerRetry);
        var store = new AzureTableStore(new TableServiceClient(azurite.ConnectionString, options));
        await using var host = new BotTestHost
        {
            Environment = "Production",
            Azurite = azurite,
            StoreOverride = store,
            Clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero)),
            Overrides = s =>
            {
                // Ours only: the web host's own hosted service stays.
                var background = s.Where(d => d.ServiceType == typeof(IHostedService)
                                              && !(d.ImplementationType?.Namespace?.StartsWith("Microsoft", StringComparison.Ordinal) ?? false)).ToList();
                foreach (var descriptor in background) s.Remove(descriptor);
            },
        };
        var client = host.CreateClient();
        var webhook = new TwilioWebhook(client, AuthToken, PublicBaseUrl);
        var processed = host.Services.GetRequiredService<ProcessedMessages>();

        // Onboarding (her row exists afterwards), then one turn of each kind so every table exists.
        foreach (var text in new[] { "hi", "yes", "1", "9am", "1", "no", "MENU", "CHECKIN", "3", "2", "SKIP" })
            Assert.NotEmpty(await webhook.SendAsync(Member, text));
        await processed.FlushAsync();

        var counts = new List<(string Label, int Requests)>();
        foreach (var (label, text) in new[] { ("menu", "MENU"), ("checkin start", "CHECKIN"), ("mood answer", "3"), ("urge answer", "2"), ("menu again", "MENU") })
        {
            counter.Reset();
            Assert.NotEmpty(await webhook.SendAsync(Member, text));
            // The stored reply for Twilio's retries is written after the answer: it belongs to this turn.
            await processed.FlushAsync();
            counts.Add((label, counter.Count));
            output.WriteLine($"{label,-14} {counter.Count} requests: {string.Join(", ", counter.Log)}");
        }
        // Her rows as stored, for bench/README.md's side-by-side (long values cut).
        var key = host.Services.GetRequiredService<BotService.Privacy.KeyedHasher>().PhoneKey(Member);
        foreach (var line in (await azurite.DumpAllTablesAsync()).Split('\n').Where(l => l.Contains(key, StringComparison.Ordinal)))
            output.WriteLine("row " + string.Join(';', line.Split(';').Select(c => c.Length > 70 ? c[..60] + $"...({c.Length})" : c)));
        Assert.All(counts, c => Assert.True(c.Requests <= 3, $"{c.Label}: {c.Requests} round trips"));
    }

    /// <summary>Every HTTP request the SDK sends, retries included (it sits after the retry policy).</summary>
    private sealed class RequestCounter : HttpPipelineSynchronousPolicy
    {
        private int _count;
        public ConcurrentQueue<string> Log { get; private set; } = new();
        public int Count => Volatile.Read(ref _count);

        public void Reset()
        {
            Volatile.Write(ref _count, 0);
            Log = new ConcurrentQueue<string>();
        }

        public override void OnSendingRequest(HttpMessage message)
        {
            Interlocked.Increment(ref _count);
            var path = message.Request.Uri.Path;
            Log.Enqueue($"{message.Request.Method} {path[(path.LastIndexOf('/') + 1)..].Split('(')[0]}");
        }
    }
}
