using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BotService.CoordinatorConsole;
using BotService.Members;
using BotService.Storage;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace BotService.Bench;

/// <summary>
/// The console's member count (line health: active, paused, opted out) over 100,000 members' state rows on the SQLite
/// store: the recount the console's upkeep makes every Console:UpkeepInterval. One cold iteration; the rows are seeded
/// in batches first (not measured). Prints a "// MEMBER COUNT" line with wall time and round trips.
/// Run: dotnet run -c Release --project bench/BotService.Bench -- --filter '*MemberCountBenchmarks*'
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet drives the lifetime: the [IterationCleanup] method disposes it.")]
public class MemberCountBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Params(100_000)]
    public int Members { get; set; }

    private BenchSqlite _sqlite = null!;
    private SqliteTableStore _store = null!;

    [IterationSetup]
    public void Setup()
    {
        _sqlite = new BenchSqlite();
        _store = _sqlite.Store;
        var table = _store.GetTable<MemberStateRow>(MemberStateRow.TableName);
        // 80 % active, 10 % paused, 10 % opted out.
        var rows = Enumerable.Range(0, Members).Select(i => new MemberStateRow
        {
            PartitionKey = MemberStateRow.PartitionFor("m" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)),
            RowKey = "m" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture),
            Status = MemberStatus.Active,
            PausedUntil = i % 10 == 1 ? Now.AddDays(3) : null,
            OptedOut = i % 10 == 2,
        });
        foreach (var partition in rows.GroupBy(r => r.PartitionKey))
            foreach (var chunk in partition.OrderBy(r => r.RowKey, StringComparer.Ordinal).Chunk(100))
                table.SubmitBatchAsync([.. chunk.Select(TableOperation<MemberStateRow>.Insert)]).GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task Recount()
    {
        var counting = new CountingStore(_store);
        var clock = new FakeTimeProvider(Now);
        var watch = Stopwatch.StartNew();
        var totals = await new MemberCounts(counting, new MemberRepository(counting, []), clock).RecountAsync(TimeSpan.Zero, default);
        Console.WriteLine($"// MEMBER COUNT {Members} members: {watch.Elapsed.TotalSeconds:0.00} s, {counting}; active {totals.Active}, paused {totals.Paused}, opted out {totals.OptedOut}");
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _sqlite.Dispose();
    }
}
