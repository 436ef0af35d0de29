using System.Net;
using BotService.Channels.Twilio;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;
using Xunit.Abstractions;

namespace BotService.Tests.Turns;

/// <summary>Counts table operations per webhook turn, so a change that adds round trips to the hot path shows up.</summary>
public class StorageOpsPerTurnTests(ITestOutputHelper output)
{
    private const string AuthToken = BotTestHost.AuthToken;

    [Fact]
    public async Task A_steady_state_turn_stays_within_its_storage_budget()
    {
        var folder = Directory.CreateTempSubdirectory("ops-").FullName;
        var counting = new CountingTableStore(new SqliteTableStore(Path.Combine(folder, "bot.db")));
        await using var host = new BotTestHost { Environment = "Production", StoreOverride = counting };
        var client = host.CreateClient();
        var sid = 0;
        async Task Send(string body)
        {
            using var request = TwilioInboundRequest.Create(AuthToken, "https://bot.example.org", TwilioInboundRequest.Form($"SM{++sid:D32}", "+13125550111", body));
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
        }
        foreach (var text in new[] { "hi", "1", "yes", "9am", "1", "2", "SKIP" }) await Send(text);

        foreach (var (label, text) in new[] { ("menu", "MENU"), ("checkin start", "CHECKIN"), ("mood answer", "3"), ("urge answer", "2"), ("note skip", "SKIP") })
        {
            counting.Reset();
            await Send(text);
            output.WriteLine($"{label,-14} reads {counting.Reads,2}  writes {counting.Writes,2}  batches {counting.Batches,2}  queries {counting.Queries,2}  | {string.Join(", ", counting.Log)}");
            Assert.True(counting.Total <= 16, $"{label}: {counting.Reads} reads, {counting.Writes} writes, {counting.Batches} batches, {counting.Queries} queries");
        }
    }
}
