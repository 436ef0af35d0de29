using BotService.CheckIns;
using BotService.Retention;
using BotService.Storage;
using BotService.Tests.CheckIns;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Retention;

/// <summary>The scheduler's ledger rows are found by retention through the date index it writes, and erasure removes both.</summary>
public sealed class LedgerRetentionTests : IDisposable
{
    // 2026-06-01 07:00 in New York (EDT, UTC-4).
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 0, 0, TimeSpan.Zero);
    private readonly SchedulingHarness _h = new(Start);

    public void Dispose() => _h.Dispose();

    private ITable<CheckInLedgerDateRow> Dates => _h.Store.GetTable<CheckInLedgerDateRow>(CheckInLedgerDateRow.TableName);

    [Fact]
    public async Task A_prompted_day_is_indexed_by_date_and_purged_once_past_the_ledger_period()
    {
        await _h.AddMemberAsync("m1", "America/New_York", 8);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, new DateTimeOffset(2026, 6, 1, 8, 0, 30, TimeSpan.FromHours(-4)));
        Assert.NotNull(await _h.Ledger.GetAsync("m1", "2026-06-01"));
        Assert.NotNull(await Dates.GetAsync("2026-06-01", "m1"));

        var options = new RetentionOptions { LedgerDays = 90 };
        var purger = new RetentionPurger(_h.Store, Options.Create(options), _h.Clock, NullLogger<RetentionPurger>.Instance);
        Assert.Equal(0, (await purger.RunPassAsync(default)).LedgerRows);
        Assert.NotNull(await _h.Ledger.GetAsync("m1", "2026-06-01"));

        options.LedgerDays = 1;
        var later = new RetentionPurger(_h.Store, Options.Create(options), new FakeTimeProvider(Start + TimeSpan.FromDays(3)),
            NullLogger<RetentionPurger>.Instance);
        Assert.Equal(1, (await later.RunPassAsync(default)).LedgerRows);
        Assert.Null(await _h.Ledger.GetAsync("m1", "2026-06-01"));
        Assert.Null(await Dates.GetAsync("2026-06-01", "m1"));
    }

    [Fact]
    public async Task Erasure_removes_the_date_index_rows_too()
    {
        await _h.AddMemberAsync("m1", "America/New_York", 8);
        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, new DateTimeOffset(2026, 6, 1, 8, 0, 30, TimeSpan.FromHours(-4)));
        Assert.NotNull(await Dates.GetAsync("2026-06-01", "m1"));

        await new CheckInDataEraser(_h.Store, _h.Index).EraseAsync("m1", CancellationToken.None);

        Assert.Null(await _h.Ledger.GetAsync("m1", "2026-06-01"));
        Assert.Null(await Dates.GetAsync("2026-06-01", "m1"));
    }
}
