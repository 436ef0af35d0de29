using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BotService.Tests.Support;

namespace BotService.Tests.Channels.Twilio;

/// <summary>One Prism process for the whole class: it takes seconds to load Twilio's spec.</summary>
public sealed class PrismFixture : IAsyncLifetime
{
    /// <summary>Twilio's own description of its 2010 API, as the npm package of Twilio's CLI ships it (pinned in tests/node).</summary>
    public static string TwilioSpec => Path.Combine(RepoPaths.Root, "tests", "node", "node_modules", "@twilio", "cli-core",
        "src", "services", "twilio-api", "twilio_api_v2010.json");

    private readonly StringBuilder _prismLog = new();
    public string BaseUrl { get; private set; } = "";
    private Process? _prism;

    public async Task InitializeAsync()
    {
        var prism = Path.Combine(RepoPaths.Root, "tests", "node", "node_modules", ".bin", "prism");
        Assert.True(File.Exists(prism), $"Prism not installed at {prism} (run npm ci in tests/node).");
        Assert.True(File.Exists(TwilioSpec), $"Twilio OpenAPI spec not found at {TwilioSpec} (run npm ci in tests/node).");

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "mock", "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "--errors", TwilioSpec }) start.ArgumentList.Add(a);
        _prism = Process.Start(start)!;
        _prism.OutputDataReceived += (_, e) => { lock (_prismLog) _prismLog.AppendLine(e.Data); };
        _prism.ErrorDataReceived += (_, e) => { lock (_prismLog) _prismLog.AppendLine(e.Data); };
        _prism.BeginOutputReadLine();
        _prism.BeginErrorReadLine();

        // Prism parses a 6 MB spec before it listens; poll the port, bounded.
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (watch.Elapsed < TimeSpan.FromSeconds(90) && !_prism.HasExited)
            {
                await Task.Delay(200);
            }
            catch (SocketException)
            {
                throw new InvalidOperationException("Prism did not start listening:\n" + Log());
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_prism is null) return;
        if (!_prism.HasExited) _prism.Kill(entireProcessTree: true);
        await _prism.WaitForExitAsync();
        _prism.Dispose();
    }

    public string Log() { lock (_prismLog) return _prismLog.ToString(); }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

}
