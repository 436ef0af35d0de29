using BotService.CheckIns;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotService.Tests.CheckIns;

/// <summary>A line upgraded from the first index layout keeps every member's daily check-in.</summary>
public sealed class LegacyCheckInIndexMigrationTests : IDisposable
{
    private const string NewYork = "America/New_York";
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 11, 0, 0, TimeSpan.Zero);
    private readonly SchedulingHarness _h = new(Start);

    public void Dispose() => _h.Dispose();

    private static DateTimeOffset Ny(int hour, int minute = 0, int second = 0) => new(2026, 6, 1, hour, minute, second, TimeSpan.FromHours(-4));

    [Fact]
    public async Task Members_found_in_the_old_index_are_planned_again_and_get_their_check_in_once()
    {
        // Both members were scheduled before the upgrade: in the old table only, not yet in the new one.
        await _h.AddMemberAsync("m1", NewYork, 8);
        await _h.AddMemberAsync("m2", NewYork, 8);
        await _h.Index.RemoveAsync("m1", CancellationToken.None);
        await _h.Index.RemoveAsync("m2", CancellationToken.None);
        var old = _h.Store.GetTable<LegacyCheckInIndexRow>(LegacyCheckInIndexRow.TableName);
        // m2's old row is not written: she shows what happens to a member the migration does not find.
        await old.InsertAsync(new LegacyCheckInIndexRow { PartitionKey = Ny(8).UtcDateTime.ToString(LegacyCheckInIndexRow.Format, System.Globalization.CultureInfo.InvariantCulture), RowKey = "m1" });

        var migration = new LegacyCheckInIndexMigration(_h.Store, _h.Members, _h.Index, _h.Clock, NullLogger<LegacyCheckInIndexMigration>.Instance);
        Assert.Equal(1, await migration.RunAsync(CancellationToken.None));
        Assert.Equal(0, await migration.RunAsync(CancellationToken.None));

        var scheduler = _h.NewScheduler();
        await _h.RunUntilAsync(scheduler, Ny(9));
        Assert.Single(_h.Outbox.ForMember("m1"));
        Assert.Empty(_h.Outbox.ForMember("m2"));
    }
}
