using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using BotService.CheckIns;
using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace BotService.Bench;

/// <summary>
/// Issue 16's scheduling figures at 100,000 members, on SQLite or Azurite: (1) building the due index for every
/// member (the day's planning) in batches, or one member at a time with --one-by-one (the path a profile save takes,
/// and how the whole index was built before); (2) the first tick after a week's outage, which reads the week with range
/// queries and re-plans everyone. For each: wall time, this process's CPU time, store round trips, and peak RSS.
/// Profiles are stored first (not measured). Azurite: BENCH_AZURITE or an in-memory azurite-table from tests/node.
/// Run: dotnet run -c Release --project bench/BotService.Bench -- schedule-scale [--members 100000] [--azurite]
///      [--one-by-one] [--no-catch-up]
/// </summary>
internal static class ScheduleScaleCommand
{
    private static readonly DateTimeOffset DayStart = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        var members = IntArg(args, "--members", 100_000);
        var azurite = args.Contains("--azurite");
        var oneByOne = args.Contains("--one-by-one");
        var catchUp = !args.Contains("--no-catch-up");

        string? folder = null;
        BenchAzurite? emulator = null;
        ITableStore inner;
        if (azurite)
        {
            emulator = new BenchAzurite();
            inner = new AzureTableStore(emulator.ConnectionString);
        }
        else
        {
            folder = Directory.CreateTempSubdirectory("schedule-scale").FullName;
            inner = new SqliteTableStore(Path.Combine(folder, "bot.db"));
        }
        try
        {
            var store = new CountingStore(inner);
            var clock = new FakeTimeProvider(DayStart);
            var encryptor = new FieldEncryptor(RandomNumberGenerator.GetBytes(32));
            var content = ContentCatalog.LoadFrom(Path.Combine(BenchPaths.RepoRoot, "dialogs"));

            var seed = Stopwatch.StartNew();
            var table = store.GetTable<MemberProfile>(MemberProfile.TableName);
            await Parallel.ForEachAsync(Enumerable.Range(0, members), new ParallelOptions { MaxDegreeOfParallelism = azurite ? 16 : 8 },
                async (i, ct) => await table.InsertAsync(BenchScheduler.Member(i, encryptor), ct));
            Console.WriteLine($"// seeded {members} profiles in {seed.Elapsed.TotalSeconds:F1}s ({store.ProviderName}, not measured)");

            var wired = BenchScheduler.Create(store, clock, new CountingOutbox(), content, encryptor);
            // Profiles are read back page by page as a rebuild would get them; only the index work is measured.
            var profiles = new List<MemberProfile>(members);
            for (var i = 0; i < members; i++) profiles.Add(BenchScheduler.Member(i, encryptor));

            if (args.Contains("--parts"))
            {
                // Where the build's CPU goes, without the store: planning arithmetic, then mapping both rows to columns.
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var entries = new List<CheckInIndex.Entry>(members);
                foreach (var p in profiles)
                    if (CheckInIndex.IsSchedulable(p, out var zone, out var t)) entries.Add(CheckInIndex.NextPrompt(p, zone!, t, clock.GetUtcNow(), null));
                var cpu1 = Process.GetCurrentProcess().TotalProcessorTime;
                long bytes = 0;
                for (var i = 0; i < entries.Count; i++)
                {
                    var e = entries[i];
                    var bucket = CheckInClock.Bucket(e.DueAt);
                    var row = CheckInIndexRow.For(bucket, profiles[i].MemberKey, e.DueAt, null);
                    var ptr = new CheckInPointerRow { PartitionKey = "ptr-0", RowKey = profiles[i].MemberKey, MemberKey = profiles[i].MemberKey, Bucket = bucket,
                        LocalDate = e.LocalDate, DueAt = e.DueAt, Signature = CheckInIndex.Signature(profiles[i]) };
                    bytes += BotService.Storage.Sqlite.SqlitePayload.Write(EntityMapper.ToProperties(row)).Length;
                    bytes += BotService.Storage.Sqlite.SqlitePayload.Write(EntityMapper.ToProperties(ptr)).Length;
                }
                var cpu2 = Process.GetCurrentProcess().TotalProcessorTime;
                Console.WriteLine($"// parts: NextPrompt {(cpu1 - cpu0).TotalSeconds:F2}s, map+payload {(cpu2 - cpu1).TotalSeconds:F2}s ({bytes / entries.Count} bytes/member)");
            }

            var build = await MeasureAsync(store, async () =>
            {
                if (oneByOne)
                    await Parallel.ForEachAsync(profiles, new ParallelOptions { MaxDegreeOfParallelism = 4 },
                        async (p, ct) => await wired.Index.MemberScheduleChangedAsync(p, ct));
                else
                    await wired.Index.PlanManyAsync(profiles, CancellationToken.None);
            });
            profiles = null;
            Report($"index build ({(oneByOne ? "one by one" : "batched")})", members, build);

            if (catchUp)
            {
                // The scheduler was down from the start of the day for a week: its first tick covers 7 days + a bit.
                clock.SetUtcNow(DayStart.AddDays(7).AddHours(13));
                var scheduler = BenchScheduler.Create(store, clock, new CountingOutbox(), content, encryptor, firstRunLookback: TimeSpan.FromDays(7).Add(TimeSpan.FromHours(13))).Scheduler;
                CheckInTickResult? tick = null;
                var measured = await MeasureAsync(store, async () => tick = await scheduler.TickAsync(CancellationToken.None));
                Report($"catch-up tick after 7 days ({tick!.BucketsRead} minutes, {tick.Queries} index queries, {tick.Prompts} prompts, {tick.Skipped} skipped, {tick.Stale} stale, {tick.Failed} failed)", members, measured);
            }
            Console.WriteLine($"// peak RSS {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MiB");
            return 0;
        }
        finally
        {
            (inner as IDisposable)?.Dispose();
            emulator?.Dispose();
            if (folder is not null) try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private sealed record Measured(TimeSpan Wall, TimeSpan Cpu, string RoundTrips, long RoundTripCount, long AllocatedMiB, long PeakRssMiB);

    private static async Task<Measured> MeasureAsync(CountingStore store, Func<Task> work)
    {
        GC.Collect();
        store.Reset();
        var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var wall = Stopwatch.StartNew();
        await work();
        wall.Stop();
        process.Refresh();
        return new Measured(wall.Elapsed, process.TotalProcessorTime - cpu, store.ToString(), store.Total,
            (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576, process.PeakWorkingSet64 / 1048576);
    }

    private static void Report(string what, int members, Measured m) =>
        Console.WriteLine($"// SCHEDULE-SCALE {what}: members={members} wall={m.Wall.TotalSeconds:F1}s cpu={m.Cpu.TotalSeconds:F1}s " +
                          $"({m.Cpu.TotalMilliseconds * 1000 / members:F0} us/member) {m.RoundTrips} = {(double)m.RoundTripCount / members:F3}/member " +
                          $"alloc={m.AllocatedMiB}MiB peakRSS={m.PeakRssMiB}MiB");

    private static int IntArg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed class CountingOutbox : IOutbox
    {
        private readonly ConcurrentDictionary<string, byte> _keys = new(StringComparer.Ordinal);
        public Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken) => Task.FromResult(_keys.TryAdd(message.DedupeKey, 0));
    }
}
