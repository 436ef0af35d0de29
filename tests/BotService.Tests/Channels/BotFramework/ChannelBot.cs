using BotService.Channels.BotFramework;
using BotService.Messaging;
using BotService.Storage;
using BotService.Tests.Support;
using BotService.Turns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>
/// The bot as deployed (<see cref="BotTestHost"/>: the real Program) on a real socket so the node channel can reach it,
/// with the turn pipeline and the outbox replaced by the fakes here unless a test asks for the real ones.
/// </summary>
public sealed class ChannelBot : IAsyncDisposable
{
    public const string AppId = "test-app-id";
    public const string AppPassword = "test-secret";

    private readonly BotTestHost _host;

    public CannedTurnHandler Turns { get; } = new();
    public RecordingOutbox Outbox { get; } = new();
    /// <summary>The store the host registered itself (SQLite in a temp folder): the real one, not a fake.</summary>
    public ITableStore Store => _host.Store;
    public string MessagesUrl { get; private set; } = "";
    public IServiceProvider Services => _host.Services;
    public CapturingLoggerProvider Log => _host.Logs;

    /// <summary>True when the host runs main's outbox and dispatcher instead of <see cref="Outbox"/>.</summary>
    public bool RealOutbox { get; }

    private ChannelBot(string environment, Dictionary<string, string?> settings, ITurnHandler? realTurnHandler, bool realOutbox, bool realPipeline = false)
    {
        RealOutbox = realOutbox;
        var all = new Dictionary<string, string?>
        {
            // The dispatcher paces every channel at this rate and retries after these delays; tests need not wait long.
            ["Twilio:MessagesPerSecond"] = "50",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:InitialRetryDelay"] = "00:00:00.500",
            ["Outbox:MaxRetryDelay"] = "00:00:01",
        };
        foreach (var (key, value) in settings) all[key] = value;
        _host = new BotTestHost
        {
            Environment = environment,
            Settings = all,
            CaptureLogs = true,
            // With the real outbox, the host's own dispatcher delivers through the registered transports.
            Outbox = realOutbox ? null : Outbox,
            // With the real pipeline, whatever the app registered as ITurnHandler answers.
            Overrides = realPipeline ? null : s => BotTestHost.Replace(s, realTurnHandler ?? Turns),
        };
    }

    private ChannelBot Start()
    {
        MessagesUrl = _host.StartOnLoopback() + "/api/messages";
        return this;
    }

    /// <summary>Authentication on (Production, App ID set), trusting <paramref name="authority"/> as the channel's
    /// OpenID issuer and token endpoint.</summary>
    public static Task<ChannelBot> StartAuthenticatedAsync(TestAuthority authority, Action<Dictionary<string, string?>>? tweak = null,
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
    public static Task<ChannelBot> StartWithRealPipelineAsync(TestAuthority authority) =>
        Task.FromResult(new ChannelBot(Environments.Production, AuthenticatedSettings(authority), null, realOutbox: true, realPipeline: true).Start());

    public static Task<ChannelBot> StartAsync(string environment, Dictionary<string, string?> settings, ITurnHandler? realTurnHandler = null,
        bool realOutbox = false) =>
        Task.FromResult(new ChannelBot(environment, settings, realTurnHandler, realOutbox).Start());

    /// <summary>True when a conversation reference is stored for this channel user.</summary>
    public async Task<bool> HasReferenceAsync(string channelId = "test", string userId = "user-1")
    {
        var key = Services.GetRequiredService<ConversationReferenceStore>().MemberKey(channelId, userId);
        return await Store.GetTable<ConversationReferenceEntity>(ConversationReferenceEntity.TableName)
            .GetAsync(key, ConversationReferenceEntity.CurrentRowKey) is not null;
    }

    public BotFrameworkTransport Transport => Services.GetRequiredService<BotFrameworkTransport>();

    /// <summary>Stands in for the outbox dispatcher: delivers everything queued through the transport it would pick.</summary>
    public async Task<List<(OutboundMessage Message, SendOutcome Outcome)>> DrainOutboxAsync()
    {
        var transport = Services.GetServices<IMessageTransport>().Single(t => t.Channel == BotService.Messaging.ChannelNames.BotFramework);
        var results = new List<(OutboundMessage, SendOutcome)>();
        foreach (var message in Outbox.TakeAll().OrderBy(m => m.Priority))
            results.Add((message, await transport.SendAsync(message.RecipientAddress, message.Body, Guid.NewGuid().ToString("n"), CancellationToken.None)));
        return results;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();
}
