using System.Security.Cryptography;
using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Safety;
using BotService.Safety.CrisisDetection;
using BotService.Storage;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;
using BotService.Volunteers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BotService.Tests.Volunteers;

/// <summary>The escalation services wired the way AddEscalation wires them, on a chosen store, with a fake clock and outbox.</summary>
public sealed class EscalationHarness : IDisposable
{
    public static readonly ContentCatalog Content = ContentCatalog.LoadFrom(RepoPaths.Dialogs);
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 18, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _provider;

    public EscalationHarness(ITableStore? store = null, Dictionary<string, string?>? settings = null)
    {
        Store = store ?? new SqliteTableStore(Path.Combine(Directory.CreateTempSubdirectory("esc").FullName, "bot.db"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton(Store);
        services.AddSingleton(Hasher);
        services.AddSingleton(Encryptor);
        services.AddSingleton(Content);
        services.AddSingleton<IOutbox>(Outbox);
        services.AddSingleton<MemberRepository>();
        services.AddSingleton(new QuietHoursPolicy("21:00-08:00"));
        services.AddVolunteers(configuration);
        // Registered last, so it is the one the escalation service resolves.
        services.AddSingleton<IFollowUpScheduler>(FollowUps);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public ITableStore Store { get; }
    public TimerCountingTimeProvider Clock { get; } = new(Start);
    public RecordingOutbox Outbox { get; } = new();
    public RecordingFollowUps FollowUps { get; } = new();
    public KeyedHasher Hasher { get; } = new(RandomNumberGenerator.GetBytes(32));
    public FieldEncryptor Encryptor { get; } = new(RandomNumberGenerator.GetBytes(32));

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();
    public ICrisisEscalation Escalation => Get<ICrisisEscalation>();
    public IVolunteerRouter Router => Get<IVolunteerRouter>();
    public EscalationStore Escalations => Get<EscalationStore>();
    public VolunteerDirectory Volunteers => Get<VolunteerDirectory>();
    public EscalationTimers Timers => Get<EscalationTimers>();

    public async Task<string> AddVolunteerAsync(string name, string phone, bool onCall = true, params string[] languages)
    {
        var v = await Volunteers.AddAsync(name, phone, languages.Length == 0 ? ["en"] : languages, Clock.GetUtcNow(), default);
        if (onCall) await Volunteers.UpdateAsync(v.Id, x => x.OnCall = true, default);
        return v.Id;
    }

    public string MemberKey(string phone) => Hasher.PhoneKey(phone);

    public Task<PeerAvailability> CrisisAsync(string memberPhone, string text = "i want to kill myself tonight",
        CrisisSeverity severity = CrisisSeverity.Imminent, string language = "en") =>
        Escalation.EscalateAsync(new CrisisEscalationRequest(MemberKey(memberPhone), BotService.Messaging.ChannelNames.Sms, memberPhone, language,
            new CrisisAssessment(severity, CrisisCategory.Suicide, language, "test"), text, Clock.GetUtcNow()), default);

    public async Task<string> OpenCodeAsync(string memberPhone) =>
        await Escalations.MemberOpenCodeAsync(MemberKey(memberPhone), default) ?? throw new InvalidOperationException("No open escalation.");

    private int _messageIds;

    public InboundMessage Sms(string from, string text) =>
        new(BotService.Messaging.ChannelNames.Sms, from, text, "SM" + Interlocked.Increment(ref _messageIds), Clock.GetUtcNow());

    public Task<TurnReply?> VolunteerSays(string phone, string text) => Router.TryHandleVolunteerAsync(Sms(phone, text), default, default);

    public Task<TurnReply?> MemberSays(string phone, string text) => Router.TryRelayFromMemberAsync(Sms(phone, text), MemberKey(phone), "en", default);

    public static string Text(string key, params (string, object?)[] values) => Content.Text("en", key, values);

    public void Dispose()
    {
        _provider.Dispose();
        (Store as IDisposable)?.Dispose();
    }
}
