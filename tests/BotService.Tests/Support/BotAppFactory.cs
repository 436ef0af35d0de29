using System.Security.Cryptography;
using BotService.Storage;
using BotService.Turns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Support;

/// <summary>
/// The real host (Program) with test keys, a fake turn handler, the real SQLite store in a temp folder (or, when
/// asked, the in-memory store) and captured logs. Settings go in through UseSetting so Program sees them while it
/// registers services.
/// </summary>
public sealed class BotAppFactory : WebApplicationFactory<Program>
{
    public const string AuthToken = "test-auth-token-0123456789abcdef";
    public const string PublicBaseUrl = "https://bot.example.org";

    private readonly string _environment;
    private readonly Dictionary<string, string?> _settings;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "botservice-sms-tests", Guid.NewGuid().ToString("N"));

    public BotAppFactory(string environment = "Development", IDictionary<string, string?>? settings = null, bool inMemoryStore = false)
    {
        _environment = environment;
        MemoryStore = inMemoryStore ? new InMemoryTableStore() : null;
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Privacy:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Privacy:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
            ["Content:Root"] = RepoPaths.Dialogs,
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(_dataDirectory, "bot.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public FakeTurnHandler TurnHandler { get; } = new();
    /// <summary>Set when the factory was asked for the in-memory store (e.g. to make storage fail on purpose).</summary>
    public InMemoryTableStore? MemoryStore { get; }

    /// <summary>The store the app uses.</summary>
    public ITableStore Store => Services.GetRequiredService<ITableStore>();
    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddFilter(_ => true);
        });
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ITurnHandler>();
            services.AddSingleton<ITurnHandler>(TurnHandler);
            if (MemoryStore is not null)
            {
                services.RemoveAll<ITableStore>();
                services.AddSingleton<ITableStore>(MemoryStore);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
