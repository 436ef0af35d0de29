using System.Diagnostics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BotService.Content;
using BotService.Members;
using BotService.Messaging.Outbox;
using BotService.Privacy;
using BotService.Storage;
using BotService.Storage.AzureTables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace BotService.Bench;

/// <summary>
/// The day of check-ins of <see cref="SchedulingBenchmarks"/> on the Azure Tables code path against Azurite, with the
/// real <see cref="TableOutbox"/> (message, dedupe marker and queue pointer written per prompt, as in production).
/// Azurite is a single node process and far slower than Azure Tables, so the member count is what finishes in a few
/// minutes on the development machine; read the per-member figures, which scale linearly (the scheduler never scans
/// all members: its cost is buckets read plus members due in them). A regression signal, not a production figure.
/// Azurite: BENCH_AZURITE (a connection string to an EMPTY account: the scheduler's lease and cursor rows live in fixed
/// tables, and a cursor left by an earlier run would skip the day), or the bench starts
/// tests/node/node_modules/.bin/azurite-table itself, in memory, on a free port.
/// Run: dotnet run -c Release --project bench/BotService.Bench -- --filter '*SchedulingAzuriteBenchmarks*'
/// </summary>
// No [MemoryDiagnoser]: it re-runs the iteration (another ~11 min on Azurite) to measure allocations, which this
// benchmark already reports itself from GC.GetTotalAllocatedBytes.
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet drives the lifetime: the [IterationCleanup] method disposes it.")]
public class SchedulingAzuriteBenchmarks
{
    private static readonly DateTimeOffset DayStart = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Params(5_000)]
    public int Members { get; set; }

    private BenchAzurite? _azurite;
    private AzureTableStore _store = null!;
    private FakeTimeProvider _clock = null!;
    private List<MemberProfile> _profiles = null!;
    private FieldEncryptor _encryptor = null!;
    private ContentCatalog _content = null!;
    private TimeSpan _insertTime;

    [IterationSetup]
    public void Setup()
    {
        var connectionString = (_azurite = new BenchAzurite()).ConnectionString;
        _store = new AzureTableStore(connectionString);
        _clock = new FakeTimeProvider(DayStart);
        _encryptor = new FieldEncryptor(RandomNumberGenerator.GetBytes(32));
        _content = ContentCatalog.LoadFrom(Path.Combine(BenchPaths.RepoRoot, "dialogs"));
        // Same member mix as the SQLite benchmark, stored without the listener: planning is measured separately.
        var table = _store.GetTable<MemberProfile>(MemberProfile.TableName);
        _profiles = new List<MemberProfile>(Members);
        for (var i = 0; i < Members; i++)
        {
            var p = BenchScheduler.Member(i, _encryptor);
            _profiles.Add(p);
        }
        var insert = Stopwatch.StartNew();
        // Parallel inserts: a sequential loop would spend most of setup waiting on Azurite's round trips.
        Parallel.ForEachAsync(_profiles, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) => await table.InsertAsync(p, ct))
            .GetAwaiter().GetResult();
        _insertTime = insert.Elapsed;
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _azurite?.Dispose();
        _azurite = null;
    }

    [Benchmark]
    public async Task<int> PlanAndEnqueueADayOnAzurite()
    {
        var outbox = new TableOutbox(_store, new KeyedHasher(RandomNumberGenerator.GetBytes(32)), _encryptor, _clock, new OutboxSignal(),
            new IgnoredRecipientStatus(), NullLogger<TableOutbox>.Instance);
        var wired = BenchScheduler.Create(_store, _clock, outbox, _content, _encryptor);
        var index = wired.Index;
        var scheduler = wired.Scheduler;

        var plan = Stopwatch.StartNew();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Parallel.ForEachAsync(_profiles, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (p, ct) => await index.MemberScheduleChangedAsync(p, ct));
        plan.Stop();
        var planBytes = GC.GetTotalAllocatedBytes(precise: true) - before;

        var run = Stopwatch.StartNew();
        before = GC.GetTotalAllocatedBytes(precise: true);
        var peak = 0L;
        int prompts = 0, reminders = 0, failed = 0;
        // One tick per minute through a whole UTC day plus the evening of the westernmost zone (as the SQLite run).
        for (var t = DayStart; t < DayStart.AddHours(30); t = t.AddMinutes(1))
        {
            _clock.SetUtcNow(t);
            var tick = await scheduler.TickAsync(CancellationToken.None);
            prompts += tick.Prompts;
            reminders += tick.Reminders;
            failed += tick.Failed;
            peak = Math.Max(peak, GC.GetTotalMemory(false));
        }
        run.Stop();
        var runBytes = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Count what really landed in the outbox table, not what the scheduler believes it enqueued.
        var queued = 0;
        await foreach (var row in outbox.Table.QueryPartitionAllAsync(OutboxRow.Partition))
            if (row.RowKey.StartsWith("msg-", StringComparison.Ordinal)) queued++;
        var messages = Math.Max(1, prompts + reminders);
        // Invariant culture: the figures are pasted into bench/README.md.
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        Console.WriteLine(
            $"// SCHEDULING-AZURITE members={Members} insert={_insertTime.TotalSeconds:F1}s plan={plan.Elapsed.TotalSeconds:F1}s " +
            $"({plan.Elapsed.TotalMilliseconds / Members:F2} ms/member) planAlloc={planBytes / 1048576}MiB " +
            $"run={run.Elapsed.TotalSeconds:F1}s ({run.Elapsed.TotalMilliseconds / messages:F2} ms/message, " +
            $"{runBytes / 1024.0 / messages:F1} KiB/message) runAlloc={runBytes / 1048576}MiB peakHeap={peak / 1048576}MiB " +
            $"prompts={prompts} reminders={reminders} failed={failed} outboxRows={queued}");
        return queued;
    }



}

internal static class BenchPaths
{
    public static string RepoRoot { get; } = Find();

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "BotService.sln"))) return dir.FullName;
        throw new InvalidOperationException("BotService.sln not found");
    }
}
