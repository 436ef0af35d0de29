using System.Diagnostics;
using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using BotService.CheckIns;
using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Privacy;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BotService.Bench;

/// <summary>
/// Is a day's burst of check-ins sent at <c>Twilio:MessagesPerSecond</c>, without bursts? 200 members all due at the
/// same minute: the real scheduler enqueues their prompts into the real <see cref="TableOutbox"/> (SQLite), then the
/// real <see cref="OutboxDispatcher"/> drains it into a recording transport. Time is a hand-moved clock: the loop
/// calls DrainAsync and moves the clock by exactly the wait it asks for (what its timer would do), so the result is
/// the dispatcher's pacing decisions, independent of machine speed. Reports the most sends in any 1-second window
/// (sliding, starting at each send) and the mean rate from first to last send.
/// Run: dotnet run -c Release --project bench/BotService.Bench -- --filter '*SchedulingPacingBenchmarks*'
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 0, iterationCount: 1)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet drives the lifetime: the [IterationCleanup] method disposes it.")]
public class SchedulingPacingBenchmarks
{
    // 10:00 in New York: outside quiet hours, so every prompt is due at once.
    private static readonly DateTimeOffset Due = new(2026, 6, 1, 14, 0, 0, TimeSpan.Zero);

    [Params(1.0, 10.0)]
    public double MessagesPerSecond { get; set; }

    [Params(200)]
    public int CheckIns { get; set; }

    private BenchSqlite _sqlite = null!;
    private SqliteTableStore _store = null!;

    [IterationSetup]
    public void Setup()
    {
        _sqlite = new BenchSqlite();
        _store = _sqlite.Store;
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _sqlite.Dispose();
    }

    [Benchmark]
    public async Task<int> SendADaysBurst()
    {
        var clock = new FakeTimeProvider(Due.AddMinutes(-1));
        var encryptor = new FieldEncryptor(RandomNumberGenerator.GetBytes(32));
        var content = ContentCatalog.LoadFrom(Path.Combine(BenchPaths.RepoRoot, "dialogs"));
        var signal = new OutboxSignal();
        var outbox = new TableOutbox(_store, new KeyedHasher(RandomNumberGenerator.GetBytes(32)), encryptor, clock, signal,
            new IgnoredRecipientStatus(), NullLogger<TableOutbox>.Instance);
        var wired = BenchScheduler.Create(_store, clock, outbox, content, encryptor);
        var index = wired.Index;
        var scheduler = wired.Scheduler;

        var table = _store.GetTable<MemberProfile>(MemberProfile.TableName);
        for (var i = 0; i < CheckIns; i++)
        {
            var p = MemberProfile.New(Convert.ToHexStringLower(SHA256.HashData(BitConverter.GetBytes(i))), BotService.Messaging.ChannelNames.Sms);
            p.Status = MemberStatus.Active;
            p.TimeZone = "America/New_York";
            p.CheckInMinuteOfDay = 10 * 60;
            p.Language = i % 3 == 0 ? "es" : "en";
            p.Discreet = i % 4 == 0;
            p.EncryptedAddress = encryptor.Encrypt("+1555" + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture));
            await table.InsertAsync(p);
            await index.MemberScheduleChangedAsync(p, CancellationToken.None);
        }
        clock.SetUtcNow(Due);
        var tick = await scheduler.TickAsync(CancellationToken.None);

        var transport = new RecordingTransport(clock);
        var twilio = Options.Create(new TwilioOptions { MessagesPerSecond = MessagesPerSecond });
        var dispatcher = new OutboxDispatcher(outbox, [transport], new IgnoredRecipientStatus(),
            new MemberSendGate(_store, [], new QuietHoursPolicy(new CheckInOptions().QuietHours), clock), signal, clock,
            Options.Create(new OutboxOptions()), twilio, _store, NullLogger<OutboxDispatcher>.Instance);

        var wall = Stopwatch.StartNew();
        // Bounded: at the configured rate the burst needs CheckIns / rate simulated seconds; allow ten times that.
        var deadline = Due + TimeSpan.FromSeconds(10 * CheckIns / MessagesPerSecond + 60);
        var longestWait = TimeSpan.Zero;
        while (transport.Sends.Count < tick.Prompts && clock.GetUtcNow() < deadline)
        {
            var wait = await dispatcher.DrainAsync(CancellationToken.None);
            if (wait > longestWait) longestWait = wait;
            clock.Advance(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        }
        wall.Stop();

        var times = transport.Sends.Select(s => s.At).Order().ToArray();
        var maxInOneSecond = 0;
        for (int i = 0, j = 0; i < times.Length; i++)
        {
            // Window [times[i], times[i] + 1 s): the busiest window always starts at a send.
            while (j < times.Length && times[j] < times[i] + TimeSpan.FromSeconds(1)) j++;
            maxInOneSecond = Math.Max(maxInOneSecond, j - i);
        }
        var span = times.Length > 1 ? times[^1] - times[0] : TimeSpan.Zero;
        var meanRate = span > TimeSpan.Zero ? (times.Length - 1) / span.TotalSeconds : double.NaN;
        var gaps = times.Zip(times.Skip(1), (a, b) => (b - a).TotalMilliseconds).ToArray();
        var promptBody = content.Text("en", CheckInScheduler.ContentFile + ".prompt");
        // Invariant culture: the figures are pasted into bench/README.md.
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        Console.WriteLine(
            $"// PACING rate={MessagesPerSecond}/s queued={tick.Prompts} sent={times.Length} distinctRecipients={transport.Sends.Select(s => s.To).Distinct().Count()} " +
            $"maxIn1s={maxInOneSecond} meanRate={meanRate:F3}/s minGap={(gaps.Length > 0 ? gaps.Min() : 0):F0}ms maxGap={(gaps.Length > 0 ? gaps.Max() : 0):F0}ms " +
            $"simulated={span.TotalSeconds:F1}s firstSendAfterDue={(times.Length > 0 ? (times[0] - Due).TotalSeconds : double.NaN):F1}s " +
            $"wall={wall.Elapsed.TotalSeconds:F2}s promptSegments={SmsSegments.Count(promptBody).Segments}");
        return times.Length;
    }

    /// <summary>Accepts every message and notes when (on the bench clock) it was handed over.</summary>
    private sealed class RecordingTransport(TimeProvider clock) : IMessageTransport
    {
        public List<(DateTimeOffset At, string To)> Sends { get; } = [];
        public string Channel => BotService.Messaging.ChannelNames.Sms;

        public Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken)
        {
            Sends.Add((clock.GetUtcNow(), recipientAddress));
            return Task.FromResult(new SendOutcome(SendOutcomeKind.Accepted, ProviderMessageId: "SM" + outboxMessageId));
        }
    }


}
