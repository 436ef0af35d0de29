using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace BotService.Bench;

/// <summary>
/// One instance of the bot as its own process (the Release build, Production settings) on a free 127.0.0.1 port, its
/// output in a log file. Kill is SIGKILL: nothing of the instance runs after it, as when a machine dies.
/// </summary>
internal sealed class BotInstanceProcess : IDisposable
{
    private readonly Process _process;

    public string Name { get; }
    public string BaseUrl { get; }
    public string LogPath { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    private BotInstanceProcess(string name, Process process, string baseUrl, string logPath)
    {
        Name = name;
        _process = process;
        BaseUrl = baseUrl;
        LogPath = logPath;
    }

    public static async Task<BotInstanceProcess> StartAsync(string name, IReadOnlyDictionary<string, string> settings, string logFolder)
    {
        var dll = Path.Combine(BenchPaths.RepoRoot, "src", "BotService", "bin", "Release", "net10.0", "BotService.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution in Release first.");
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = BenchPaths.RepoRoot, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUrl);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        var logPath = Path.Combine(logFolder, name + ".log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new BotInstanceProcess(name, process, baseUrl, logPath);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited) throw new InvalidOperationException($"{name} exited at start; see {logPath}");
            try
            {
                if ((await http.GetAsync(baseUrl + "/healthz/ready")).IsSuccessStatusCode) return instance;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        instance.Dispose();
        throw new TimeoutException($"{name} was not ready within 90 s; see {logPath}");
    }

    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
