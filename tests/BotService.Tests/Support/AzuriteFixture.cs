using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Data.Tables;
using BotService.Storage.AzureTables;

namespace BotService.Tests.Support;

/// <summary>
/// Runs one in-memory Azurite table service for every test in the "Azurite" collection, on a free port so parallel
/// runs don't collide. Stop()/Start() restart it on the same port, for tests that lose storage mid-run.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private Process? _process;
    private int _tableCounter;

    /// <summary>Azurite's well-known development account (public, documented, not a secret).</summary>
    public const string AccountName = "devstoreaccount1";
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    /// <summary>A table name unique to this fixture's lifetime, prefixed for readability in Azurite's logs.</summary>
    public string NewTableName(string prefix)
    {
        var clean = new string(prefix.Where(char.IsAsciiLetterOrDigit).ToArray());
        if (clean.Length == 0 || !char.IsAsciiLetter(clean[0])) clean = "t" + clean;
        var suffix = Interlocked.Increment(ref _tableCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return clean[..Math.Min(clean.Length, 40)] + "x" + suffix;
    }

    public async Task InitializeAsync()
    {
        Port = FreePort();
        await StartAsync();
    }

    public async Task StartAsync()
    {
        if (_process is { HasExited: false }) return;
        var executable = FindAzurite();
        var start = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var arg in new[] { "--tableHost", "127.0.0.1", "--tablePort", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent" })
            start.ArgumentList.Add(arg);
        var stderr = new System.Text.StringBuilder();
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();

        var deadline = Stopwatch.StartNew();
        // Generous: node start-up on a loaded 2-core CI machine has been seen to take over 30 s.
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"Azurite exited with code {_process.ExitCode} before answering on port {Port}: {stderr}");
            if (await AnswersAsync()) return;
            await Task.Delay(100);
        }
        Stop();
        throw new TimeoutException($"Azurite did not answer on port {Port} within 120 s. {stderr}");
    }

    /// <summary>Kills Azurite (the whole process tree); in-memory data is gone. The port stays reserved for Start().</summary>
    public void Stop()
    {
        if (_process is null) return;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        _process = null;
    }

    public Task DisposeAsync()
    {
        Stop();
        return Task.CompletedTask;
    }

    private async Task<bool> AnswersAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port).WaitAsync(TimeSpan.FromSeconds(1));
            var store = new AzureTableStore(ConnectionString);
            return await store.IsHealthyAsync();
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException or IOException or Azure.RequestFailedException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The repo root: the folder holding BotService.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot() => Support.RepoPaths.Root;

    /// <summary>Deletes every table. For tests that run the whole app (its real table names) on this shared Azurite:
    /// leftovers from an earlier class, written under other privacy keys, would not be theirs to read.</summary>
    public async Task ClearAllTablesAsync()
    {
        var service = new TableServiceClient(ConnectionString);
        var names = new List<string>();
        await foreach (var table in service.QueryAsync()) names.Add(table.Name);
        foreach (var name in names) await service.DeleteTableAsync(name);
    }

    /// <summary>Every column of every entity of every table, as text: what an operator with the account key sees.</summary>
    public async Task<string> DumpAllTablesAsync()
    {
        var service = new TableServiceClient(ConnectionString);
        var text = new System.Text.StringBuilder();
        await foreach (var table in service.QueryAsync())
        {
            await foreach (var entity in service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                text.Append(table.Name).Append(' ');
                foreach (var (name, value) in entity)
                {
                    // Binary columns both ways: as stored bytes (plain text would show) and as base64.
                    text.Append(name).Append('=').Append(value is byte[] bytes
                        ? System.Text.Encoding.Latin1.GetString(bytes) + " " + Convert.ToBase64String(bytes)
                        : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)).Append(';');
                }
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    public static string NodeModules() => Path.Combine(RepoRoot(), "tests", "node", "node_modules");

    private static string FindAzurite()
    {
        var path = Path.Combine(NodeModules(), ".bin", OperatingSystem.IsWindows() ? "azurite-table.cmd" : "azurite-table");
        if (!File.Exists(path))
            throw new InvalidOperationException($"Azurite is not installed ({path} is missing). Run the README's test command, `bash scripts/test.sh`, which installs it.");
        return path;
    }
}

[CollectionDefinition("Azurite")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "xUnit collection definitions are named ...Collection by convention.")]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>;
