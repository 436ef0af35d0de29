using System.Security.Cryptography;
using BotService.Messaging;
using BotService.Storage;
using BotService.Storage.Sqlite;
using BotService.Tests.Volunteers;
using BotService.Turns;
using BotService.Volunteers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Support;

/// <summary>
/// The real host (real turn pipeline, escalation, opt-outs) on SQLite with a movable clock. The outbox records what
/// was queued; <see cref="Reaches"/> then asks the same send-time gate the dispatcher asks, so a test reads what
/// would actually arrive on a phone.
/// </summary>
public sealed class SafetyHost : WebApplicationFactory<Program>
{
    public const string Coordinator = "+15550009999";
    private readonly Dictionary<string, string?> _settings;
    private readonly bool _realOutbox;

    /// <param name="realOutbox">Keep the host's own table outbox (rows in storage, the dispatcher running) instead of recording.</param>
    public SafetyHost(Dictionary<string, string?>? settings = null, bool realOutbox = false)
    {
        _settings = settings ?? [];
        _realOutbox = realOutbox;
    }

    public string Folder { get; } = Directory.CreateTempSubdirectory("safety-").FullName;
    public string DbPath => Path.Combine(Folder, "bot.db");
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 10, 18, 0, 0, TimeSpan.Zero));
    public RecordingOutbox Outbox { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Privacy:HashKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Privacy:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Content:Root", Support.RepoPaths.Dialogs);
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:Sqlite:Path", DbPath);
        builder.UseSetting("Admin:ApiKey", "k");
        builder.UseSetting("Escalation:CoordinatorPhone", Coordinator);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.TryAddSingleton<ITableStore>(_ => new SqliteTableStore(DbPath));
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            if (_realOutbox) return;
            services.RemoveAll<IOutbox>();
            services.AddSingleton<IOutbox>(Outbox);
        });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public string MemberKey(string phone) => Get<BotService.Privacy.KeyedHasher>().PhoneKey(phone);

    private int _sequence;

    /// <summary>Someone texts the bot's number; returns what the bot answers in the same turn.</summary>
    public async Task<IReadOnlyList<string>> Texts(string from, string text)
    {
        var message = new InboundMessage(BotService.Messaging.ChannelNames.Sms, from, text, $"SM{Interlocked.Increment(ref _sequence):D6}", Time.GetUtcNow());
        return (await Get<ITurnHandler>().HandleTurnAsync(message, CancellationToken.None)).Messages;
    }

    public async Task AddVolunteerAsync(string name, string phone, bool onCall = true, params string[] languages)
    {
        var v = await Get<VolunteerDirectory>().AddAsync(name, phone, languages.Length == 0 ? ["en"] : languages, Time.GetUtcNow(), default);
        if (onCall) await Texts(phone, "ON");
        Outbox.Clear();
    }

    /// <summary>What the outbox would hand to the provider for this address now: the send-time gate's verdict included.</summary>
    public async Task<IReadOnlyList<string>> Reaches(string address)
    {
        var gate = Get<IMemberSendGate>();
        var delivered = new List<string>();
        foreach (var m in Outbox.To(address))
            if (m.MemberKey is null || m.IsTurnReply || (await gate.CheckAsync(m.MemberKey, m.Priority, default)).Verdict == SendGateVerdict.Send)
                delivered.Add(m.Body);
        return delivered;
    }

    /// <summary>The case code from the latest page or summary sent to this volunteer.</summary>
    public string CodeFrom(string volunteer) => Outbox.To(volunteer)[^1].Body.Split("CLAIM ")[1].Split(' ')[0].Trim();

    public static string Text(string key, params (string, object?)[] values) => EscalationHarness.Text(key, values);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}
