using BotService.CheckIns;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;

namespace BotService.Tests.CheckIns;

/// <summary>The daily check-in totals line health reads: counted where the scheduler sends and the ledger records.</summary>
public sealed class CheckInStatsTests : IDisposable
{
    private const string NewYork = "America/New_York";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 0, 0, TimeSpan.Zero);
    private readonly SchedulingHarness _h = new(Start);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Prompts_sent_and_answers_recorded_are_counted_once_each_by_her_local_date()
    {
        for (var i = 0; i < 7; i++) await _h.AddMemberAsync("m" + i, NewYork, 8);
        var scheduler = _h.NewScheduler();
        // 08:00:15 in New York: every prompt is out; more ticks in the same minute send (and count) nothing more.
        await _h.RunUntilAsync(scheduler, new DateTimeOffset(2026, 6, 1, 8, 0, 15, TimeSpan.FromHours(-4)));
        await _h.RunUntilAsync(scheduler, new DateTimeOffset(2026, 6, 1, 8, 2, 0, TimeSpan.FromHours(-4)));
        Assert.Equal(7, _h.Outbox.Stored.Count);

        for (var i = 0; i < 6; i++) Assert.Equal(CheckInAnswerOutcome.Recorded, (await _h.Ledger.MarkAnsweredAsync("m" + i, "2026-06-01")).Outcome);
        // A retried turn finds the day answered: no second count.
        Assert.Equal(CheckInAnswerOutcome.AlreadyAnswered, (await _h.Ledger.MarkAnsweredAsync("m0", "2026-06-01")).Outcome);

        var days = await _h.Ledger.Stats.DaysAsync(new DateOnly(2026, 5, 31), new DateOnly(2026, 6, 2), default);
        Assert.Equal((7, 6), days[new DateOnly(2026, 6, 1)]);
        Assert.Single(days);
    }

    /// <summary>Two instances (two store objects over one database) and many writers in each: every count lands.</summary>
    internal static async Task CountsFromManyWritersAllLandAsync(ITableStore first, ITableStore second)
    {
        var a = new CheckInStats(first);
        var b = new CheckInStats(second);
        await Parallel.ForEachAsync(Enumerable.Range(0, 120), new ParallelOptions { MaxDegreeOfParallelism = 12 }, async (i, ct) =>
        {
            var stats = i % 2 == 0 ? a : b;
            if (i % 3 == 0) await stats.CountAnswerAsync("2026-06-01", ct);
            else await stats.CountPromptAsync("2026-06-01", ct);
        });
        var day = Assert.Single(await a.DaysAsync(new DateOnly(2026, 6, 1), new DateOnly(2026, 6, 1), default));
        Assert.Equal((80, 40), day.Value);
    }

    [Fact]
    public async Task Counts_from_two_instances_at_once_all_land_on_sqlite()
    {
        var folder = Directory.CreateTempSubdirectory("checkinstats-").FullName;
        using var first = new SqliteTableStore(Path.Combine(folder, "bot.db"));
        using var second = new SqliteTableStore(Path.Combine(folder, "bot.db"));
        await CountsFromManyWritersAllLandAsync(first, second);
    }
}

[Collection("Azurite")]
public sealed class AzuriteCheckInStatsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Counts_from_two_instances_at_once_all_land_on_azure_tables()
    {
        var suffix = azurite.NewTableName("s");
        await CheckInStatsTests.CountsFromManyWritersAllLandAsync(
            new SuffixedTableStore(new AzureTableStore(azurite.ConnectionString), suffix),
            new SuffixedTableStore(new AzureTableStore(azurite.ConnectionString), suffix));
    }
}
