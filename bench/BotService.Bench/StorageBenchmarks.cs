using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
public class StorageBenchmarks
{
    public sealed class TurnEntity : TableEntityBase
    {
        public string? Text { get; set; }
        public int Count { get; set; }
        public DateTimeOffset LastSeen { get; set; }
    }

    private ITable<TurnEntity> _table = null!;
    private IDisposable? _sqlite;
    private Process? _azurite;
    private string? _folder;
    private ETag _current;
    private int _next;

    [Params("Sqlite", "Azurite")]
    public string Store { get; set; } = "Sqlite";

    [GlobalSetup]
    public void Setup()
    {
        ITableStore store;
        if (Store == "Sqlite")
        {
            _folder = Path.Combine(Path.GetTempPath(), "botservice-bench", Guid.NewGuid().ToString("N"));
            var sqlite = new SqliteTableStore(Path.Combine(_folder, "bench.db"));
            _sqlite = sqlite;
            store = sqlite;
        }
        else
        {
            var connectionString = Environment.GetEnvironmentVariable("BENCH_AZURITE") ?? StartAzurite();
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
        if (_azurite is { HasExited: false }) _azurite.Kill(entireProcessTree: true);
        _azurite?.Dispose();
        if (_folder is not null)
        {
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { /* temp files; a lingering handle is harmless */ }
        }
    }

    private string StartAzurite()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BotService.sln"))) root = root.Parent;
        var executable = root is null ? null : Path.Combine(root.FullName, "tests", "node", "node_modules", ".bin", "azurite-table");
        if (executable is null || !File.Exists(executable))
        {
            Console.WriteLine("Azurite benchmarks skipped: set BENCH_AZURITE to a connection string, or run `bash scripts/test.sh` once to install Azurite.");
            throw new InvalidOperationException("Azurite is not available.");
        }
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--tableHost", "127.0.0.1", "--tablePort", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent" })
            start.ArgumentList.Add(arg);
        _azurite = Process.Start(start)!;
        var connectionString = $"DefaultEndpointsProtocol=http;AccountName={TableConnectionString.DevelopmentAccountName};AccountKey={TableConnectionString.DevelopmentAccountKey};TableEndpoint=http://127.0.0.1:{port}/{TableConnectionString.DevelopmentAccountName};";
        var probe = new AzureTableStore(connectionString);
        var clock = Stopwatch.StartNew();
        while (!probe.IsHealthyAsync().GetAwaiter().GetResult())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("Azurite did not start within 30 s.");
            Thread.Sleep(100);
        }
        return connectionString;
    }
}
