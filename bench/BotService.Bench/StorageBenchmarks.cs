using Azure;
using BenchmarkDotNet.Attributes;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;

namespace BotService.Bench;

/// <summary>
/// Latency of the hot storage calls of a conversation turn on both stores. Azurite: set BENCH_AZURITE to a
/// connection string, or the bench starts tests/node/node_modules/.bin/azurite-table itself on a free port.
/// </summary>
[MemoryDiagnoser]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet drives the lifetime: the [GlobalCleanup] method disposes it.")]
public class StorageBenchmarks
{
    public sealed class TurnEntity : TableEntityBase
    {
        public string? Text { get; set; }
        public int Count { get; set; }
        public DateTimeOffset LastSeen { get; set; }
    }

    private ITable<TurnEntity> _table = null!;
    private SqliteTableStore? _sqlite;
    private BenchAzurite? _azurite;
    private string? _folder;
    private ETag _current;
    private int _next;

    // SqliteCached: the row cache the host turns on (Storage:Sqlite:RowCacheEntries), so Get is a memory hit.
    [Params("Sqlite", "SqliteCached", "Azurite")]
    public string Store { get; set; } = "Sqlite";

    [GlobalSetup]
    public void Setup()
    {
        ITableStore store;
        if (Store.StartsWith("Sqlite", StringComparison.Ordinal))
        {
            _folder = Path.Combine(Path.GetTempPath(), "botservice-bench", Guid.NewGuid().ToString("N"));
            var sqlite = new SqliteTableStore(Path.Combine(_folder, "bench.db"), rowCacheEntries: Store == "SqliteCached" ? 1000 : 0);
            _sqlite = sqlite;
            store = sqlite;
        }
        else
        {
            var connectionString = (_azurite = new BenchAzurite()).ConnectionString;
            store = new AzureTableStore(connectionString);
        }
        _table = store.GetTable<TurnEntity>("bench" + Guid.NewGuid().ToString("N")[..12]);
        _current = _table.InsertAsync(new TurnEntity { PartitionKey = "p", RowKey = "hot", Text = "hello", LastSeen = DateTimeOffset.UtcNow })
            .GetAwaiter().GetResult();
    }

    [Benchmark]
    public Task<TurnEntity?> Get() => _table.GetAsync("p", "hot");

    [Benchmark]
    public Task<ETag> Insert() =>
        _table.InsertAsync(new TurnEntity { PartitionKey = "p", RowKey = "row-" + Interlocked.Increment(ref _next), Text = "hello", LastSeen = DateTimeOffset.UtcNow });

    [Benchmark]
    public async Task<ETag> ConditionalReplace()
    {
        _current = await _table.ReplaceAsync(new TurnEntity { PartitionKey = "p", RowKey = "hot", Text = "again", Count = _next++, LastSeen = DateTimeOffset.UtcNow }, _current);
        return _current;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqlite?.Dispose();
        _azurite?.Dispose();
        if (_folder is not null)
        {
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { /* temp files; a lingering handle is harmless */ }
        }
    }

}
