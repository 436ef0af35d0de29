using System.Security.Cryptography;
using BotService.Channels.BotFramework;
using BotService.Hosting;
using BotService.Messaging;
using BotService.Storage;
using BotService.Turns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>
/// The bot as deployed (AddBotServices + MapBotEndpoints, the same calls Program makes) on a real Kestrel socket so
/// the node channel can reach it, with the seams other branches own replaced by the fakes here.
/// </summary>
public sealed class BotHost : IAsyncDisposable
{
    public const string AppId = "test-app-id";
    public const string AppPassword = "test-secret";

    private readonly WebApplication _app;

    public CannedTurnHandler Turns { get; } = new();
    public RecordingOutbox Outbox { get; } = new();
    /// <summary>The store the host registered itself (SQLite in a temp folder): the real one, not a fake.</summary>
    public ITableStore Store => _app.Services.GetRequiredService<ITableStore>();
    public string MessagesUrl { get; private set; } = "";
    public IServiceProvider Services => _app.Services;

    private BotHost(string environment, Dictionary<string, string?> settings, ITurnHandler? realTurnHandler, bool realOutbox, bool realPipeline = false)
    {
        RealOutbox = realOutbox;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Privacy:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Privacy:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(Directory.CreateTempSubdirectory("bf-tests").FullName, "bot.db"),
            // The dispatcher paces every channel at this rate and retries after these delays; tests need not wait long.
            ["Twilio:MessagesPerSecond"] = "50",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:InitialRetryDelay"] = "00:00:00.500",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(Log);
        builder.AddBotServices();
        // With the real outbox, the host's own dispatcher delivers through the registered transports.
        if (!realOutbox) builder.Services.AddSingleton<IOutbox>(Outbox);
        // With the real pipeline, whatever AddBotServices registered as ITurnHandler answers.
        if (!realPipeline) builder.Services.AddSingleton(realTurnHandler ?? Turns);
        _app = builder.Build();
        _app.MapBotEndpoints();
    }

    public CapturingLoggerProvider Log { get; } = new();

    /// <summary>Authentication on (Production, App ID set), trusting <paramref name="authority"/> as the channel's
    /// OpenID issuer and token endpoint.</summary>
    public static Task<BotHost> StartAuthenticatedAsync(TestAuthority authority, Action<Dictionary<string, string?>>? tweak = null,
        bool realOutbox = false, ITurnHandler? realTurnHandler = null)
    {
        var settings = AuthenticatedSettings(authority);
        tweak?.Invoke(settings);
        return StartAsync(Environments.Production, settings, realTurnHandler, realOutbox);
    }

    private static Dictionary<string, string?> AuthenticatedSettings(TestAuthority authority) =>
        new()
        {
            ["BotFramework:AppId"] = AppId,
            ["BotFramework:AppPassword"] = AppPassword,
            ["BotFramework:OpenIdMetadataUrl"] = authority.MetadataUrl,
            ["BotFramework:RequireHttpsMetadata"] = "false",
            ["BotFramework:ValidIssuers:0"] = TestAuthority.Issuer,
            ["BotFramework:TokenEndpoint"] = authority.TokenEndpoint,
            // The test channel listens on plain http on loopback.
            ["BotFramework:AllowHttpServiceUrls"] = "true",
        };

    /// <summary>Production host with main's turn pipeline and outbox: only the channel's peers are stand-ins.</summary>
    public static async Task<BotHost> StartWithRealPipelineAsync(TestAuthority authority)
    {
        var real = new BotHost(Environments.Production, AuthenticatedSettings(authority), null, realOutbox: true, realPipeline: true);
        await real._app.StartAsync();
        real.MessagesUrl = real._app.Urls.Single().TrimEnd('/') + "/api/messages";
        return real;
    }

    /// <summary>True when the host runs main's outbox and dispatcher instead of <see cref="Outbox"/>.</summary>
    public bool RealOutbox { get; }

    public static async Task<BotHost> StartAsync(string environment, Dictionary<string, string?> settings, ITurnHandler? realTurnHandler = null,
        bool realOutbox = false)
    {
        var host = new BotHost(environment, settings, realTurnHandler, realOutbox);
        await host._app.StartAsync();
        host.MessagesUrl = host._app.Urls.Single().TrimEnd('/') + "/api/messages";
        return host;
    }

    /// <summary>True when a conversation reference is stored for this channel user.</summary>
    public async Task<bool> HasReferenceAsync(string channelId = "test", string userId = "user-1")
    {
        var key = _app.Services.GetRequiredService<ConversationReferenceStore>().MemberKey(channelId, userId);
        return await Store.GetTable<ConversationReferenceEntity>(ConversationReferenceEntity.TableName)
            .GetAsync(key, ConversationReferenceEntity.CurrentRowKey) is not null;
    }

    public BotFrameworkTransport Transport => _app.Services.GetRequiredService<BotFrameworkTransport>();

    /// <summary>Stands in for the outbox dispatcher: delivers everything queued through the transport it would pick.</summary>
    public async Task<List<(OutboundMessage Message, SendOutcome Outcome)>> DrainOutboxAsync()
    {
        var transport = _app.Services.GetServices<IMessageTransport>().Single(t => t.Channel == BotService.Messaging.ChannelNames.BotFramework);
        var results = new List<(OutboundMessage, SendOutcome)>();
        foreach (var message in Outbox.TakeAll().OrderBy(m => m.Priority))
            results.Add((message, await transport.SendAsync(message.RecipientAddress, message.Body, Guid.NewGuid().ToString("n"), CancellationToken.None)));
        return results;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

/// <summary>Keeps every log line so tests can check nothing identifying was written.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();
    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);
    public void Dispose() { }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}
