using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BotService.CheckIns;
using BotService.Members;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;
using BotService.Volunteers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotService.Tests.CheckIns;

/// <summary>The scheduler at scale: range catch-up after a long outage, bulk planning in batches, and the senders'
/// capacity a minute (spreading within quiet hours, and telling the coordinator).</summary>
public abstract class CheckInScaleTests : IDisposable
{
    protected const string NewYork = "America/New_York";
    // 2026-06-01 07:00 in New York (EDT, UTC-4).
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 0, 0, TimeSpan.Zero);
    protected static DateTimeOffset Ny(int day, int hour, int minute = 0, int second = 0) => new(2026, 6, day, hour, minute, second, TimeSpan.FromHours(-4));

    private readonly Lazy<(SchedulingHarness Harness, CountingTableStore Store)> _setup;

    protected CheckInScaleTests() => _setup = new(() =>
    {
        var store = new CountingTableStore(CreateStore());
        return (new SchedulingHarness(Start, store), store);
    });

    protected abstract ITableStore CreateStore();

    protected SchedulingHarness H => _setup.Value.Harness;
    protected CountingTableStore Calls => _setup.Value.Store;

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private static IEnumerable<string> Prompts(SchedulingHarness h) =>
        h.Outbox.Stored.Keys.Where(k => k.StartsWith("checkin:", StringComparison.Ordinal));

    [Fact]
    public async Task A_week_offline_is_caught_up_in_one_tick_with_a_few_range_queries()
    {
        // Ten members 08:00-12:30 New York; the scheduler runs to 07:50 on day 1 and is then down for a week.
        for (var i = 0; i < 10; i++) await H.AddMemberAsync($"m{i}", NewYork, 8 + i / 2, i % 2 * 30);
        var scheduler = H.NewScheduler();
        await H.RunUntilAsync(scheduler, Ny(1, 7, 50), TimeSpan.FromMinutes(5));
        Assert.Empty(H.Outbox.Stored);
        // Joined during the outage (the web front still planned her): her 08:00 today is missed but today's.
        H.Clock.SetUtcNow(Ny(8, 6, 0));
        await H.AddMemberAsync("late", NewYork, 8);

        H.Clock.SetUtcNow(Ny(8, 10, 15));
        Calls.Reset();
        var tick = await scheduler.TickAsync(CancellationToken.None);

        // Every minute of the week is covered...
        Assert.True(tick.BucketsRead > 7 * 24 * 60, $"covered {tick.BucketsRead} minutes");
        // ...by one range query per shard and UTC day (8 days here), not one per minute.
        Assert.InRange(tick.Queries, 1, 8 * CheckInIndexRow.Shards);
        Assert.InRange(Calls.Queries, 1, 8 * CheckInIndexRow.Shards + 2);
        // The catch-up rules hold: past days are dropped, today's missed prompt goes out now, once.
        Assert.Equal(["checkin:late:2026-06-08"], Prompts(H));
        Assert.Equal(Ny(8, 10, 15), H.Outbox.Stored["checkin:late:2026-06-08"].At);
        // The rest are planned for their next time: today after 10:15, else tomorrow; and a day later each had one.
        await H.RunUntilAsync(scheduler, Ny(9, 13, 0), TimeSpan.FromMinutes(15));
        var perMember = Prompts(H).Order(StringComparer.Ordinal).GroupBy(k => k.Split(':')[1]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(11, perMember.Count);
        Assert.All(perMember.Values, keys => Assert.Equal(keys.Count, keys.Distinct().Count()));
        Assert.DoesNotContain(Prompts(H), k => string.CompareOrdinal(k[^10..], "2026-06-08") < 0);
        Assert.Equal(["checkin:m0:2026-06-09"], perMember["m0"]);
        Assert.Equal(["checkin:m9:2026-06-08", "checkin:m9:2026-06-09"], perMember["m9"]);
    }

    [Fact]
    public async Task Planning_many_members_in_batches_gives_the_same_index_as_one_by_one()
    {
        var profiles = new List<MemberProfile>();
        for (var i = 0; i < 450; i++)
        {
            var p = MemberProfile.New($"bulk{i:D4}", BotService.Messaging.ChannelNames.Sms);
            p.Status = i % 50 == 0 ? MemberStatus.Declined : MemberStatus.Active;
            p.TimeZone = i % 2 == 0 ? NewYork : "Europe/Madrid";
            p.CheckInMinuteOfDay = 8 * 60 + i % 600;
            p.EncryptedAddress = H.Encryptor.Encrypt("+15550001111");
            profiles.Add(p);
        }
        // Stored without the listener, as an import or a rebuild finds them.
        var table = H.Store.GetTable<MemberProfile>(MemberProfile.TableName);
        foreach (var p in profiles) await table.InsertAsync(p);

        Calls.Reset();
        var result = await H.Index.PlanManyAsync(profiles, CancellationToken.None);
        Assert.Equal(450, result.Planned);
        Assert.Equal(0, result.OneByOne);
        // Batches of up to 100 per partition: far fewer calls than members (one by one it is 3 per member).
        Assert.InRange(Calls.Total, 1, 450 / 4);

        var reference = new CheckInIndex(new SuffixedTableStore(H.Store, "ref"), H.Clock, NullLogger<CheckInIndex>.Instance);
        foreach (var p in profiles)
        {
            await reference.MemberScheduleChangedAsync(p, CancellationToken.None);
            var batched = await H.Index.GetPointerAsync(p.MemberKey, CancellationToken.None);
            var single = await reference.GetPointerAsync(p.MemberKey, CancellationToken.None);
            Assert.Equal((single!.Bucket, single.LocalDate, single.Step, single.Signature), (batched!.Bucket, batched.LocalDate, batched.Step, batched.Signature));
        }

        // Again with nothing changed: a read per shard, no writes.
        Calls.Reset();
        Assert.Equal(450, (await H.Index.PlanManyAsync(profiles, CancellationToken.None)).Unchanged);
        Assert.Equal(0, Calls.Writes + Calls.Batches);

        // A new time for some: moved, and the old rows are gone.
        foreach (var p in profiles.Take(120))
        {
            p.CheckInMinuteOfDay = 19 * 60 + 30;
            await table.ReplaceAsync(p, Azure.ETag.All);
        }
        var moved = await H.Index.PlanManyAsync(profiles, CancellationToken.None);
        Assert.Equal((120, 450 - 120), (moved.Planned, moved.Unchanged));
        Assert.Equal(1, await H.IndexRowCountAsync("bulk0002", Ny(1, 7), Ny(2, 23, 59)));

        // And the scheduler sends them.
        var scheduler = H.NewScheduler();
        await H.RunUntilAsync(scheduler, Ny(1, 20, 0), TimeSpan.FromMinutes(5));
        Assert.Contains("checkin:bulk0002:2026-06-01", H.Outbox.Stored.Keys);
        Assert.Equal(H.Outbox.Stored["checkin:bulk0002:2026-06-01"].At, Ny(1, 19, 30));
    }

    [Fact]
    public async Task A_full_minute_is_spread_over_the_next_minutes_and_the_coordinator_told_once_a_day()
    {
        var logs = new CapturingLoggerProvider();
        var alert = NewAlert(logs, "+15550009999");
        var overfull = new ConcurrentBag<long>();
        using var listener = ListenTo("botservice.scheduler.overfull_minutes", overfull);
        for (var i = 0; i < 7; i++) await H.AddMemberAsync($"a{i}", NewYork, 8);
        for (var i = 0; i < 3; i++) await H.AddMemberAsync($"b{i}", NewYork, 9);
        var scheduler = H.NewScheduler(capacity: new SenderCapacity(2), capacityAlert: alert);

        await H.RunUntilAsync(scheduler, Ny(1, 7, 55), TimeSpan.FromMinutes(5));
        await H.RunUntilAsync(scheduler, Ny(1, 10, 0));

        var prompts = H.Outbox.Stored.Where(x => x.Key.StartsWith("checkin:", StringComparison.Ordinal)).ToList();
        Assert.Equal(10, prompts.Count);
        // Never more than the senders carry in one minute, and in order: 08:00 x2, 08:01 x2, 08:02 x2, 08:03 x1.
        var perMinute = prompts.GroupBy(p => CheckInClock.FloorToMinute(p.Value.At)).ToDictionary(g => g.Key, g => g.Count());
        Assert.All(perMinute.Values, n => Assert.InRange(n, 1, 2));
        Assert.Equal(Ny(1, 8, 3), prompts.Where(p => p.Key.Contains(":a", StringComparison.Ordinal)).Max(p => CheckInClock.FloorToMinute(p.Value.At)));
        Assert.Equal(Ny(1, 9, 0), prompts.Where(p => p.Key.Contains(":b", StringComparison.Ordinal)).Min(p => CheckInClock.FloorToMinute(p.Value.At)));
        Assert.Equal(2, overfull.Sum(v => (int)v));
        Assert.Equal(2, logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Message.Contains("exceed what the senders carry", StringComparison.Ordinal)));
        // One text to the coordinator for the day, naming counts and the minute only.
        var texts = H.Outbox.Stored.Where(x => x.Key.StartsWith("checkin-capacity:", StringComparison.Ordinal)).ToList();
        var (key, (message, _)) = Assert.Single(texts);
        Assert.Equal(CheckInCapacityAlert.DedupeKey("2026-06-01"), key);
        Assert.Equal("+15550009999", message.RecipientAddress);
        Assert.Contains("12:00 UTC", message.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("+1555000", logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_minute_just_before_quiet_hours_sends_over_capacity_rather_than_into_the_night()
    {
        var alert = NewAlert(new CapturingLoggerProvider(), coordinatorPhone: null);
        for (var i = 0; i < 4; i++) await H.AddMemberAsync($"q{i}", NewYork, 20, 58);
        var scheduler = H.NewScheduler(capacity: new SenderCapacity(1), capacityAlert: alert);

        await H.RunUntilAsync(scheduler, Ny(1, 20, 50), TimeSpan.FromMinutes(5));
        await H.RunUntilAsync(scheduler, Ny(1, 20, 58, 15));
        var first = H.Outbox.Stored.Count;
        await H.RunUntilAsync(scheduler, Ny(1, 23, 0), TimeSpan.FromMinutes(1));

        var prompts = H.Outbox.Stored.Where(x => x.Key.StartsWith("checkin:", StringComparison.Ordinal)).ToList();
        // 20:58 one, 20:59 one moved there; the two that would have moved into 21:00+ went at 20:58 over capacity.
        Assert.Equal(3, first);
        Assert.Equal(4, prompts.Count);
        Assert.All(prompts, p => Assert.True(p.Value.At < Ny(1, 21, 0), $"{p.Key} at {p.Value.At}"));
        Assert.Single(prompts, p => CheckInClock.FloorToMinute(p.Value.At) == Ny(1, 20, 59));
        // No coordinator number configured: warnings and metrics only, no text.
        Assert.DoesNotContain(H.Outbox.Stored.Keys, k => k.StartsWith("checkin-capacity:", StringComparison.Ordinal));
    }

    private CheckInCapacityAlert NewAlert(CapturingLoggerProvider logs, string? coordinatorPhone) =>
        new(Microsoft.Extensions.Options.Options.Create(new EscalationOptions { CoordinatorPhone = coordinatorPhone }), SchedulingHarness.Content,
            H.Clock, new LoggerFactory([logs]).CreateLogger<CheckInCapacityAlert>());

    private static MeterListener ListenTo(string instrument, ConcurrentBag<long> values)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == SchedulerMetrics.MeterName && i.Name == instrument) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((_, v, _, _) => values.Add(v));
        listener.Start();
        return listener;
    }
}

// In the Azurite collection although it needs no Azurite: the scheduler's meters are process-wide, so the two stores'
// runs of the capacity test must not count into one listener at the same time.
[Collection("Azurite")]
public sealed class SqliteCheckInScaleTests : CheckInScaleTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "botservice-tests", "scale-" + Guid.NewGuid().ToString("N"));
    private SqliteTableStore? _store;

    protected override ITableStore CreateStore() => _store = new SqliteTableStore(Path.Combine(_folder, "bot.db"));

    public override void Dispose()
    {
        _store?.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { /* temp folder */ }
        base.Dispose();
    }
}

[Collection("Azurite")]
public sealed class AzuriteCheckInScaleTests(AzuriteFixture azurite) : CheckInScaleTests
{
    protected override ITableStore CreateStore() =>
        new SuffixedTableStore(new AzureTableStore(azurite.ConnectionString), azurite.NewTableName("sc"));
}
