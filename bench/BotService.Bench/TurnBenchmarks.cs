using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BotService.Channels.Twilio;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace BotService.Bench;

/// <summary>
/// One member turn in process: the real host (Program) on SQLite, a signed Twilio webhook through the in-memory test
/// server, the dialog runs, TwiML back. No sockets, so this is the bot's own cost per turn; the side-by-side load run
/// measures it over HTTP with many members at once.
/// </summary>
[MemoryDiagnoser]
public class TurnBenchmarks
{
    private const string AuthToken = "bench-auth-token-0123456789abcdef";
    private const string PublicBaseUrl = "https://bot.example.org";
    private const int Members = 64;
    private static readonly string[] CheckIn = ["CHECKIN", "3", "5", "SKIP"];
    private static readonly string[] Onboarding = ["hi", "yes", "1", "8am", "1", "no"];

    private readonly string _folder = Directory.CreateTempSubdirectory("turn-bench").FullName;
    private WebApplicationFactory<Program> _factory = null!;
    private HttpClient _client = null!;
    private int _turn;
    private int _sid;

    [GlobalSetup]
    public void Setup()
    {
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Privacy:HashKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Privacy:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            builder.UseSetting("Twilio:AuthToken", AuthToken);
            builder.UseSetting("Twilio:PublicBaseUrl", PublicBaseUrl);
            builder.UseSetting("Content:Root", Path.Combine(BenchPaths.RepoRoot, "dialogs"));
            builder.UseSetting("Storage:Provider", "Sqlite");
            builder.UseSetting("Storage:Sqlite:Path", Path.Combine(_folder, "bot.db"));
            builder.ConfigureLogging(logging => logging.ClearProviders());
        });
        _client = _factory.CreateClient();
        for (var member = 0; member < Members; member++)
            foreach (var text in Onboarding)
                SendAsync(Phone(member), text).GetAwaiter().GetResult();
    }

    /// <summary>Members take turns walking the check-in (CHECKIN, mood 3, urge 5, SKIP the note), round after round.</summary>
    [Benchmark(Description = "check-in turn (signed webhook -> dialog -> TwiML, SQLite)")]
    public Task<int> CheckInTurn()
    {
        var turn = _turn++;
        return SendAsync(Phone(turn % Members), CheckIn[turn / Members % CheckIn.Length]);
    }

    private static string Phone(int member) => $"+1555{member:D7}";

    private async Task<int> SendAsync(string from, string body)
    {
        using var request = TwilioInboundRequest.Create(AuthToken, PublicBaseUrl,
            TwilioInboundRequest.Form($"SM{Interlocked.Increment(ref _sid):D32}", from, body));
        using var response = await _client.SendAsync(request);
        var twiml = await response.Content.ReadAsStringAsync();
        // A turn that did not reach the dialog (refused signature, storage error) must not pass for a fast one.
        if (!response.IsSuccessStatusCode || !twiml.Contains("<Message>", StringComparison.Ordinal))
            throw new InvalidOperationException($"turn failed: {(int)response.StatusCode} {twiml}");
        return twiml.Length;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _factory.Dispose();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* temp folder */ }
    }
}

/// <summary>Twilio's webhook signature, checked on every inbound request before anything else runs.</summary>
[MemoryDiagnoser]
public class SignatureValidationBenchmarks
{
    private const string AuthToken = "bench-auth-token-0123456789abcdef";
    private const string Url = "https://bot.example.org/sms/inbound";
    private readonly List<KeyValuePair<string, string>> _form =
    [
        new("ToCountry", "US"), new("ToState", "NY"), new("SmsMessageSid", "SM0123456789abcdef0123456789abcdef"),
        new("NumMedia", "0"), new("ToCity", "NEW YORK"), new("FromZip", "10001"), new("SmsSid", "SM0123456789abcdef0123456789abcdef"),
        new("FromState", "NY"), new("SmsStatus", "received"), new("FromCity", "NEW YORK"), new("Body", "had a rough day but im ok"),
        new("FromCountry", "US"), new("To", "+15550001111"), new("ToZip", "10001"), new("NumSegments", "1"),
        new("MessageSid", "SM0123456789abcdef0123456789abcdef"), new("AccountSid", "AC00000000000000000000000000000000"),
        new("From", "+15555550123"), new("ApiVersion", "2010-04-01"),
    ];
    private string _signature = null!;

    [GlobalSetup]
    public void Setup() => _signature = TwilioSignatureValidator.Compute(AuthToken, Url, _form);

    [Benchmark(Description = "valid signature, 19 fields")]
    public bool Valid() => TwilioSignatureValidator.IsValid(AuthToken, Url, _form, _signature);

    [Benchmark(Description = "forged signature, 19 fields")]
    public bool Forged() => TwilioSignatureValidator.IsValid(AuthToken, Url, _form, "AAAAAAAAAAAAAAAAAAAAAAAAAAA=");
}
