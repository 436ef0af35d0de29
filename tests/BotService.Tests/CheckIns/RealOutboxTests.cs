using System.Security.Cryptography;
using BotService.Messaging.Outbox;
using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotService.Tests.CheckIns;

/// <summary>The scheduler with the real table outbox on SQLite: a restart mid-minute leaves exactly one queued message
/// per member, because the outbox's durable dedupe marker absorbs the retried enqueue.</summary>
public sealed class RealOutboxTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 0, 0, TimeSpan.Zero); // 07:00 New York
    private readonly SchedulingHarness _h = new(Start);

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task Restart_after_enqueue_but_before_the_ledger_mark_queues_each_message_once()
    {
        var outbox = new TableOutbox(_h.Store, new KeyedHasher(RandomNumberGenerator.GetBytes(32)), _h.Encryptor, _h.Clock,
            new OutboxSignal(), new BotService.Tests.Messaging.RecordingSink(), NullLogger<TableOutbox>.Instance);
        for (var i = 0; i < 6; i++) await _h.AddMemberAsync($"m{i}", "America/New_York", 8);

        var death = new ProcessDeath();
        var dying = new DyingOutbox(outbox, hangAfter: 3, storeBeforeDying: true, death);
        var first = _h.NewScheduler(dying, new DyingTableStore(_h.Store, death));
        await _h.RunUntilAsync(first, new DateTimeOffset(2026, 6, 1, 11, 59, 45, TimeSpan.Zero));
        _h.Clock.Advance(TimeSpan.FromSeconds(15));
        var stuck = first.TickAsync(CancellationToken.None);
        // Wait (real time, bounded) until the first instance has really died mid-minute: on a slow machine its tick
        // may still be renewing the lease, and moving the clock before that would let it keep the lease.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!death.IsDead && waited.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(5);
        Assert.True(death.IsDead, "the first scheduler never reached the enqueue that kills it");
        Assert.False(stuck.IsCompleted);

        var restarted = _h.NewScheduler(outbox);
        _h.Clock.Advance(_h.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.True((await restarted.TickAsync(CancellationToken.None)).Leader);

        var table = _h.Store.GetTable<OutboxRow>(OutboxRow.TableName);
        var rows = new List<OutboxRow>();
        await foreach (var row in table.QueryPartitionAllAsync(OutboxRow.Partition)) rows.Add(row);
        Assert.Equal(6, rows.Count(r => r.RowKey.StartsWith("msg-", StringComparison.Ordinal)));
        Assert.Equal(6, rows.Count(r => r.RowKey.StartsWith("dedupe-", StringComparison.Ordinal)));
        foreach (var key in Enumerable.Range(0, 6).Select(i => $"m{i}"))
            Assert.NotNull((await _h.Ledger.GetAsync(key, "2026-06-01"))!.PromptSentAt);
        // Let the dead instance's stuck calls end (they fail); whatever it does then must not add a message.
        dying.Release();
        try { await stuck; } catch (OperationCanceledException) { }
        rows.Clear();
        await foreach (var row in table.QueryPartitionAllAsync(OutboxRow.Partition)) rows.Add(row);
        Assert.Equal(6, rows.Count(r => r.RowKey.StartsWith("msg-", StringComparison.Ordinal)));
    }
}
