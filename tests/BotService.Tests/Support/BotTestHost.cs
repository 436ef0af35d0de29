using System.Net;
using System.Security.Cryptography;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using BotService.Turns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace BotService.Tests.Support;

/// <summary>
/// The one test host: the real <see cref="Program"/> with test keys, the repository's dialogs and a store of its own.
/// Knobs (set them before the first use of <c>Services</c> or a client):
/// <list type="bullet">
/// <item><see cref="Clock"/>: a FakeTimeProvider the whole app reads (default: the system clock).</item>
/// <item><see cref="Azurite"/>: Azure Tables on the shared emulator instead of the default SQLite file in <see cref="Folder"/>;
/// <see cref="StoreOverride"/> puts any other store in front (counting, failing).</item>
/// <item><see cref="Outbox"/>: record instead of the real table outbox and its dispatcher; <see cref="TurnHandler"/>: a
/// fake instead of the real turn pipeline.</item>
/// <item><see cref="Settings"/>: extra configuration, applied last (an empty value blanks a default).</item>
/// <item><see cref="Overrides"/>: replace further services after the app registered its own.</item>
/// </list>
/// Settings go in through UseSetting, so Program sees them while it registers services.
/// </summary>
public sealed class BotTestHost : WebApplicationFactory<Program>
{
    public const string AuthToken = "test-auth-token-0123456789abcdef";
    public const string PublicBaseUrl = "https://bot.example.org";

    private int _sequence;

    public string Environment { get; init; } = "Development";
    public FakeTimeProvider? Clock { get; init; }
    public AzuriteFixture? Azurite { get; init; }
    public ITableStore? StoreOverride { get; init; }
    public RecordingOutbox? Outbox { get; init; }
    public IDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();
    public Action<IServiceCollection>? Overrides { get; init; }
    /// <summary>Keep every log line of the app (all levels) in <see cref="Logs"/>.</summary>
    public bool CaptureLogs { get; init; }
    public CapturingLoggerProvider Logs { get; } = new();
    /// <summary>Answers turns instead of the real pipeline, where the pipeline is not under test.</summary>
    public FakeTurnHandler? TurnHandler { get; init; }
    /// <summary>Keys of this deployment; two hosts given the same keys read each other's rows.</summary>
    public byte[] HashKey { get; init; } = RandomNumberGenerator.GetBytes(32);
    public byte[] EncryptionKey { get; init; } = RandomNumberGenerator.GetBytes(32);

    public string Folder { get; } = Directory.CreateTempSubdirectory("bot-tests-").FullName;
    public string DbPath => Path.Combine(Folder, "bot.db");

    /// <summary>The store the app uses.</summary>
    public ITableStore Store => Get<ITableStore>();

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Now on the app's clock.</summary>
    public DateTimeOffset Now => (Clock ?? TimeProvider.System).GetUtcNow();

    public string MemberKey(string phone) => Get<KeyedHasher>().PhoneKey(phone);

    /// <summary>Someone texts the bot (straight into the turn handler); returns what the bot answers in the same turn.</summary>
    public async Task<IReadOnlyList<string>> Texts(string from, string text)
    {
        var message = new InboundMessage(ChannelNames.Sms, from, text, $"SM{Interlocked.Increment(ref _sequence):D6}{Guid.NewGuid():N}", Now);
        return (await Get<ITurnHandler>().HandleTurnAsync(message, CancellationToken.None)).Messages;
    }

    /// <summary>A member's phone on this host.</summary>
    public Phone Phone(string number) => new(this, number);

    /// <summary>Serves on a real socket (127.0.0.1, a free port) for peers outside the process; returns the base URL.</summary>
    public string StartOnLoopback()
    {
        UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(Environment);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Privacy:HashKey"] = Convert.ToBase64String(HashKey),
            ["Privacy:EncryptionKey"] = Convert.ToBase64String(EncryptionKey),
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
            ["Content:Root"] = RepoPaths.Dialogs,
        };
        if (Azurite is null)
        {
            settings["Storage:Provider"] = "Sqlite";
            settings["Storage:Sqlite:Path"] = DbPath;
        }
        else
        {
            settings["Storage:Provider"] = "AzureTables";
            settings["Storage:AzureTables:ConnectionString"] = Azurite.ConnectionString;
        }
        foreach (var (key, value) in Settings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);

        if (CaptureLogs)
        {
            builder.ConfigureLogging(logging =>
            {
                logging.AddProvider(Logs);
                logging.SetMinimumLevel(LogLevel.Trace);
                logging.AddFilter(_ => true);
            });
        }
        builder.ConfigureTestServices(services =>
        {
            if (Clock is not null) Replace<TimeProvider>(services, Clock);
            if (StoreOverride is not null) Replace(services, StoreOverride);
            if (Outbox is not null) Replace<IOutbox>(services, Outbox);
            if (TurnHandler is not null) Replace<ITurnHandler>(services, TurnHandler);
            Overrides?.Invoke(services);
        });
    }

    /// <summary>Puts <paramref name="instance"/> in place of every registration of <typeparamref name="T"/>.</summary>
    public static void Replace<T>(IServiceCollection services, T instance) where T : class
    {
        services.RemoveAll<T>();
        services.AddSingleton(instance);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
