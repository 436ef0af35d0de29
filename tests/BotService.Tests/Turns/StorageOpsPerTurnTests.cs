using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Azure;
using BotService.Channels.Twilio;
using BotService.Storage;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Turns;

/// <summary>Counts table operations per webhook turn, so a change that adds round trips to the hot path shows up.</summary>
public class StorageOpsPerTurnTests(ITestOutputHelper output)
{
    private const string AuthToken = "ops-auth-token-0123456789abcdef";

    [Fact]
    public async Task A_steady_state_turn_stays_within_its_storage_budget()
    {
        var folder = Directory.CreateTempSubdirectory("ops-").FullName;
        var counting = new CountingStore(new SqliteTableStore(Path.Combine(folder, "bot.db")));
        await using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Privacy:HashKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            b.UseSetting("Privacy:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            b.UseSetting("Twilio:AuthToken", AuthToken);
            b.UseSetting("Twilio:PublicBaseUrl", "https://bot.example.org");
            b.UseSetting("Content:Root", RepoPaths.Dialogs);
            b.UseSetting("Storage:Sqlite:Path", Path.Combine(folder, "unused.db"));
            b.ConfigureTestServices(s => { s.RemoveAll<ITableStore>(); s.AddSingleton<ITableStore>(counting); });
        });
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
            output.WriteLine($"{label,-14} reads {counting.Reads,2}  writes {counting.Writes,2}  queries {counting.Queries,2}  | {string.Join(", ", counting.Log)}");
            Assert.True(counting.Reads + counting.Writes + counting.Queries <= 16, $"{label}: {counting.Reads} reads, {counting.Writes} writes, {counting.Queries} queries");
        }
    }

    private sealed class CountingStore(ITableStore inner) : ITableStore
    {
        public int Reads, Writes, Queries;
        public ConcurrentQueue<string> Log { get; private set; } = new();
        public void Reset() { Reads = Writes = Queries = 0; Log = new(); }
        public string ProviderName => inner.ProviderName;
        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
        public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new Table<T>(inner.GetTable<T>(tableName), this);

        private sealed class Table<T>(ITable<T> inner, CountingStore s) : ITable<T> where T : class, ITableEntity, new()
        {
            public string Name => inner.Name;
            private void R(string op) { Interlocked.Increment(ref s.Reads); s.Log.Enqueue($"{op} {Name}"); }
            private void W(string op) { Interlocked.Increment(ref s.Writes); s.Log.Enqueue($"{op} {Name}"); }
            public Task<T?> GetAsync(string pk, string rk, CancellationToken ct = default) { R("get"); return inner.GetAsync(pk, rk, ct); }
            public Task<ETag> InsertAsync(T e, CancellationToken ct = default) { W("insert"); return inner.InsertAsync(e, ct); }
            public Task<ETag> ReplaceAsync(T e, ETag m, CancellationToken ct = default) { W("replace"); return inner.ReplaceAsync(e, m, ct); }
            public Task<ETag> UpsertAsync(T e, CancellationToken ct = default) { W("upsert"); return inner.UpsertAsync(e, ct); }
            public Task<bool> DeleteAsync(string pk, string rk, ETag m = default, CancellationToken ct = default) { W("delete"); return inner.DeleteAsync(pk, rk, m, ct); }
            public Task<TablePage<T>> QueryPartitionAsync(string pk, RowKeyRange? r = null, int size = 1000, string? token = null, CancellationToken ct = default)
            { Interlocked.Increment(ref s.Queries); s.Log.Enqueue($"query {Name}"); return inner.QueryPartitionAsync(pk, r, size, token, ct); }
            public Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> ops, CancellationToken ct = default) { W("batch"); return inner.SubmitBatchAsync(ops, ct); }
        }
    }
}
