using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using BotService.Storage.AzureTables;

namespace BotService.Bench;

/// <summary>
/// Azurite for the benchmarks that measure table storage: the connection string in BENCH_AZURITE when set, else an
/// in-memory azurite-table from tests/node on a free 127.0.0.1 port, stopped on Dispose.
/// </summary>
internal sealed class BenchAzurite : IDisposable
{
    private Process? _process;

    public string ConnectionString { get; }

    public BenchAzurite()
    {
        ConnectionString = Environment.GetEnvironmentVariable("BENCH_AZURITE") ?? Start();
    }

    public void Dispose()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.Dispose();
    }

    private string Start()
    {
        var executable = Path.Combine(BenchPaths.RepoRoot, "tests", "node", "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
            throw new InvalidOperationException("Azurite is not available: set BENCH_AZURITE to a connection string, or run `bash scripts/test.sh` once to install it.");
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
        _process = Process.Start(start)!;
        // Azurite's well-known development account (public, documented, not a secret).
        var connectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
                               "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
                               $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";
        var probe = new AzureTableStore(connectionString);
        var waited = Stopwatch.StartNew();
        while (!probe.IsHealthyAsync().GetAwaiter().GetResult())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException("Azurite did not start within 60 s.");
            Thread.Sleep(100);
        }
        return connectionString;
    }
}
