using System.Security.Cryptography;
using BotService.CheckIns;
using BotService.Content;
using BotService.Members;
using BotService.Privacy;
using BotService.Storage;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotService.Tests.CheckIns;

/// <summary>The scheduling parts wired over one store, as the host wires them. <see cref="NewScheduler"/> makes a
/// fresh instance (a restarted process, or a second instance) over the same store.</summary>
public sealed class SchedulingHarness : IDisposable
{
    private readonly string? _folder;
    private readonly List<CheckInScheduler> _schedulers = [];

    public SchedulingHarness(DateTimeOffset start, ITableStore? store = null, Action<CheckInOptions>? configure = null)
    {
        if (store is null)
        {
            _folder = Path.Combine(Path.GetTempPath(), "botservice-tests", "scheduling-" + Guid.NewGuid().ToString("N"));
            store = new SqliteTableStore(Path.Combine(_folder, "bot.db"));
        }
        Store = store;
        Clock = new FakeTimeProvider(start);
        Outbox = new RecordingOutbox(Clock);
        Options = new CheckInOptions { Parallelism = 1 };
        configure?.Invoke(Options);
        Assert.Empty(Options.Validate());
        Quiet = new QuietHoursPolicy(Options.QuietHours);
        Encryptor = new FieldEncryptor(RandomNumberGenerator.GetBytes(32));
        Index = new CheckInIndex(Store, Clock, NullLogger<CheckInIndex>.Instance);
        Members = new MemberRepository(Store, [Index]);
        Ledger = new CheckInLedger(Store, Members, Clock);
    }

    public ITableStore Store { get; }
    public FakeTimeProvider Clock { get; }
    public CheckInOptions Options { get; }
    public QuietHoursPolicy Quiet { get; }
    public FieldEncryptor Encryptor { get; }
    public CheckInIndex Index { get; }
    public MemberRepository Members { get; }
    public CheckInLedger Ledger { get; }
    public RecordingOutbox Outbox { get; }
    public TestOptOuts OptOuts { get; } = new();
    public RecordingOutreach Outreach { get; } = new();
    public static ContentCatalog Content { get; } = ContentCatalog.LoadFrom(DialogsFolder());

    /// <summary>A scheduler instance. With <paramref name="store"/> it gets its own repository, index and ledger over
    /// that store object (a second process opening the same database).</summary>
    public CheckInScheduler NewScheduler(BotService.Messaging.IOutbox? outbox = null, ITableStore? store = null,
        SenderCapacity? capacity = null, CheckInCapacityAlert? capacityAlert = null)
    {
        var s = store ?? Store;
        var index = store is null ? Index : new CheckInIndex(s, Clock, NullLogger<CheckInIndex>.Instance);
        var members = store is null ? Members : new MemberRepository(s, [index]);
        var ledger = store is null ? Ledger : new CheckInLedger(s, members, Clock);
        var scheduler = new CheckInScheduler(s, members, index, ledger, outbox ?? Outbox, Content, Encryptor, OptOuts, Outreach, Quiet,
            Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<CheckInScheduler>.Instance, capacity, capacityAlert)
        {
            // Tests start on an empty store; a day of empty buckets would only slow them down.
            FirstRunLookback = TimeSpan.FromMinutes(5),
        };
        _schedulers.Add(scheduler);
        return scheduler;
    }

    /// <summary>An active member with a check-in time, saved through the repository (so the index listener runs).</summary>
    public async Task<MemberProfile> AddMemberAsync(string key, string zone, int hour, int minute = 0, string language = "en",
        bool discreet = false, Action<MemberProfile>? change = null)
    {
        var profile = MemberProfile.New(key, BotService.Messaging.ChannelNames.Sms);
        profile.Status = MemberStatus.Active;
        profile.TimeZone = zone;
        profile.CheckInMinuteOfDay = hour * 60 + minute;
        profile.Language = language;
        profile.Discreet = discreet;
        profile.EncryptedAddress = Encryptor.Encrypt("+1555000" + (Math.Abs(key.GetHashCode(StringComparison.Ordinal)) % 10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture));
        change?.Invoke(profile);
        await Members.SaveAsync(profile, CancellationToken.None);
        return profile;
    }

    public async Task UpdateMemberAsync(string key, Action<MemberProfile> change)
    {
        var profile = (await Members.GetAsync(key, CancellationToken.None))!;
        change(profile);
        await Members.SaveAsync(profile, CancellationToken.None);
    }

    /// <summary>Ticks every <paramref name="step"/> until <paramref name="until"/>, like the hosted loop would.</summary>
    public async Task RunUntilAsync(CheckInScheduler scheduler, DateTimeOffset until, TimeSpan? step = null)
    {
        var interval = step ?? Options.TickInterval;
        while (Clock.GetUtcNow() < until)
        {
            var left = until - Clock.GetUtcNow();
            Clock.Advance(left < interval ? left : interval);
            await scheduler.TickAsync(CancellationToken.None);
        }
    }

    public async Task<int> IndexRowCountAsync(string memberKey, DateTimeOffset from, DateTimeOffset to)
    {
        var table = Store.GetTable<CheckInIndexRow>(CheckInIndexRow.TableName);
        var count = 0;
        for (var t = CheckInClock.FloorToMinute(from); t <= to; t = t.AddMinutes(1))
        {
            var (pk, rk) = CheckInIndexRow.KeysFor(CheckInClock.Bucket(t), memberKey);
            if (await table.GetAsync(pk, rk) is not null) count++;
        }
        return count;
    }

    /// <summary>The repository's dialogs/ folder (so the tests check the files people edit), else the copy in bin/.</summary>
    public static string DialogsFolder() => Support.RepoPaths.Dialogs;

    public void Dispose()
    {
        if (Store is IDisposable disposable && _folder is not null) disposable.Dispose();
        if (_folder is not null)
        {
            try { Directory.Delete(_folder, recursive: true); }
            catch (IOException) { /* pooled handles may linger; temp folder */ }
        }
    }
}
