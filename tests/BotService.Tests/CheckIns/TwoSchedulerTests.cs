using BotService.CheckIns;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;

namespace BotService.Tests.CheckIns;

/// <summary>
/// Two scheduler instances over one store, 100 members, ticking at the same moments: every prompt goes out exactly
/// once, they are never both leader, and when the leader dies mid-run the other takes over within the lease duration.
/// </summary>
public abstract class TwoSchedulerTests : IDisposable
{
    private const string NewYork = "America/New_York";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 58, 0, TimeSpan.Zero); // 07:58 New York
    private static DateTimeOffset Ny(int hour, int minute) => new(2026, 6, 1, hour, minute, 0, TimeSpan.FromHours(-4));
    private SchedulingHarness? _harness;

    /// <summary>The first store, and a second object over the same data for the second instance.</summary>
    protected abstract (ITableStore First, ITableStore Second) CreateStores();

    public void Dispose()
    {
        _harness?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Hundred_members_each_prompted_exactly_once_and_the_survivor_takes_over()
    {
        var (first, second) = CreateStores();
        var h = _harness = new SchedulingHarness(Start, first, o => o.Parallelism = 4);
        for (var i = 0; i < 100; i++) await h.AddMemberAsync($"member{i:D3}", NewYork, 8, i % 10);

        // Instance A dies (its calls never return) while handing its 37th message to the outbox.
        // From then on all of A's storage calls hang too: it cannot renew its lease or write anything, like a killed process.
        var death = new ProcessDeath();
        var dying = new DyingOutbox(h.Outbox, hangAfter: 37, storeBeforeDying: false, death);
        var a = h.NewScheduler(dying, new DyingTableStore(first, death));
        var b = h.NewScheduler(store: second);
        Task<CheckInTickResult>? aTick = null;
        DateTimeOffset? aDiedAt = null, bTookOverAt = null, aLastLeaderAt = null;
        var step = TimeSpan.FromSeconds(5);
        // A starts first so it is the leader when the prompts fall due; from then on both tick at the same moments.
        Assert.True((await a.TickAsync(CancellationToken.None)).Leader);

        while (h.Clock.GetUtcNow() < Ny(10, 15))
        {
            h.Clock.Advance(h.Clock.GetUtcNow() < Ny(8, 15) ? step : TimeSpan.FromSeconds(30));
            var now = h.Clock.GetUtcNow();
            if (aDiedAt is null) aTick = a.TickAsync(CancellationToken.None);
            var bResult = await b.TickAsync(CancellationToken.None);
            CheckInTickResult? aResult = null;
            if (aDiedAt is null)
            {
                // A's tick either finishes or gets stuck in the outbox (it died): wait for whichever comes first.
                while (!aTick!.IsCompleted && dying.Hung == 0) await Task.Delay(5);
                if (aTick.IsCompleted) aResult = await aTick;
                else aDiedAt = now;
            }
            if (aResult is { Leader: true }) aLastLeaderAt = now;
            Assert.False(aResult is { Leader: true } && bResult.Leader, $"both instances led at {now:O}");
            if (bResult.Leader && aDiedAt is not null) bTookOverAt ??= now;
        }

        Assert.NotNull(aDiedAt);
        Assert.True(aDiedAt < Ny(8, 10), $"A should die while prompts are due; died {aDiedAt:O}");
        Assert.NotNull(bTookOverAt);
        // A renewed at its last tick; B must be leader by the lease duration after that (plus one tick of ours).
        var lastRenewal = aLastLeaderAt ?? aDiedAt.Value;
        Assert.True(bTookOverAt.Value - lastRenewal <= h.Options.LeaseDuration + step,
            $"B took over {bTookOverAt - lastRenewal} after A's last renewal");
        Assert.True(bTookOverAt.Value - aDiedAt.Value >= h.Options.LeaseDuration - step - step, "B must not take a live lease");

        var prompts = h.Outbox.Stored.Keys.Where(k => k.StartsWith("checkin:", StringComparison.Ordinal)).ToList();
        Assert.Equal(100, prompts.Count);
        Assert.Equal(100, prompts.Select(k => k.Split(':')[1]).Distinct().Count());
        Assert.All(h.Outbox.Attempts, kv => Assert.InRange(kv.Value, 1, 2));
        // The one A was handing over when it died is the only prompt tried twice.
        Assert.InRange(h.Outbox.Attempts.Count(kv => kv.Value == 2), 0, 4);
        Assert.Equal(100, h.Outbox.CountPrefix("checkin-reminder:"));
        dying.Release();
    }
}

public sealed class SqliteTwoSchedulerTests : TwoSchedulerTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "botservice-tests", "two-" + Guid.NewGuid().ToString("N"));
    private readonly List<SqliteTableStore> _stores = [];

    protected override (ITableStore First, ITableStore Second) CreateStores()
    {
        var path = Path.Combine(_folder, "bot.db");
        _stores.Add(new SqliteTableStore(path));
        _stores.Add(new SqliteTableStore(path));
        return (_stores[0], _stores[1]);
    }

    ~SqliteTwoSchedulerTests()
    {
        foreach (var store in _stores) store.Dispose();
    }
}

[Collection("Azurite")]
public sealed class AzuriteTwoSchedulerTests(AzuriteFixture azurite) : TwoSchedulerTests
{
    protected override (ITableStore First, ITableStore Second) CreateStores()
    {
        // Table names unique to this test so the shared Azurite's other tests never see our rows.
        var suffix = azurite.NewTableName("s");
        return (new SuffixedTableStore(new AzureTableStore(azurite.ConnectionString), suffix),
                new SuffixedTableStore(new AzureTableStore(azurite.ConnectionString), suffix));
    }
}

/// <summary>Appends a suffix to every table name, isolating one test's tables in a shared storage account.</summary>
public sealed class SuffixedTableStore(ITableStore inner, string suffix) : ITableStore
{
    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => inner.GetTable<T>(tableName + suffix);
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
    public string ProviderName => inner.ProviderName;
}
