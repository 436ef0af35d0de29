using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using BotService.Channels.Twilio;
using BotService.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace BotService.Tests.Sms.Outbound;

/// <summary>
/// Sends every kind of message we send through <see cref="TwilioRestClient"/> to Prism mocking Twilio's own OpenAPI
/// description with --errors, which answers 4xx/422 to any request that breaks the spec (path, auth, form fields).
/// </summary>
public sealed class TwilioPrismContractTests(PrismFixture prism, ITestOutputHelper output) : IClassFixture<PrismFixture>
{
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private string _baseUrl => prism.BaseUrl;
    private string PrismLog() => prism.Log();

    private TwilioRestClient Client(HttpClient http, Action<TwilioOptions> configure)
    {
        var options = new TwilioOptions { AccountSid = AccountSid, AuthToken = "contract-test-token", ApiBaseUrl = _baseUrl };
        configure(options);
        return new TwilioRestClient(new SingleClientFactory(http), Options.Create(options), new ManualTimeProvider()) { Timeout = TimeSpan.FromSeconds(30) };
    }

    public static TheoryData<string, string> Kinds => new()
    {
        { "from-number", "Hi, it's your check-in. Reply OK." },
        { "messaging-service", "Hi, it's your check-in. Reply OK." },
        { "status-callback", "Your peer replied." },
        { "unicode", "¿Cómo estás hoy? 💜 Estamos aquí." },
        { "max-length", new string('a', 1599) + "!" },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Every_kind_of_message_matches_twilios_spec(string kind, string body)
    {
        using var http = new HttpClient();
        var client = Client(http, o =>
        {
            if (kind == "messaging-service") o.MessagingServiceSid = "MG0123456789abcdef0123456789abcdef";
            else o.PhoneNumber = "+15550001111";
            if (kind == "status-callback") o.PublicBaseUrl = "https://bot.example.org";
        });
        var result = await client.SendMessageAsync("+15556200001", body, CancellationToken.None);
        output.WriteLine($"{kind}: HTTP {result.HttpStatus} sid {result.Sid} status {result.MessageStatus} code {result.ErrorCode}");
        Assert.True(result.HttpStatus is >= 200 and < 300, $"Prism rejected the {kind} request: HTTP {result.HttpStatus} {result.ErrorMessage}\n{PrismLog()}");
        Assert.Matches("^SM[0-9a-zA-Z]{32}$", result.Sid);
        if (kind == "max-length") Assert.Equal(1600, body.Length);
    }

    [Fact]
    public async Task Prism_really_checks_auth_so_the_contract_test_means_something()
    {
        using var http = new HttpClient();
        var url = $"{_baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json";
        var response = await http.PostAsync(url, new FormUrlEncodedContent([new("To", "+15556200001"), new("From", "+15550001111"), new("Body", "hi")]));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}

/// <summary>One Prism process for the whole class: it takes seconds to load Twilio's spec.</summary>
public sealed class PrismFixture : IAsyncLifetime
{
    private readonly StringBuilder _prismLog = new();
    public string BaseUrl { get; private set; } = "";
    private Process? _prism;

    public async Task InitializeAsync()
    {
        var prism = Path.Combine(RepoPaths.Root, "tests", "node", "node_modules", ".bin", "prism");
        var spec = Path.Combine(RepoPaths.Shared, "twilio", "twilio_api_v2010.json");
        Assert.True(File.Exists(prism), $"Prism not installed at {prism} (run npm ci in tests/node).");
        Assert.True(File.Exists(spec), $"Twilio OpenAPI spec not found at {spec}.");

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo(prism)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "mock", "-h", "127.0.0.1", "-p", port.ToString(), "--errors", spec }) start.ArgumentList.Add(a);
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
