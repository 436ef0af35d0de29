using System.Globalization;
using BotService.Members;
using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// Moves a line that ran the first due-index layout onto the sharded one: the old index could only be read by minute,
/// so every minute from a day and a half back to a day and a half ahead is read once, and the members found there are
/// planned again from their profiles. A member whose day was already prompted is not prompted again (the ledger still
/// holds that day). Runs once per store: a marker row records it, and running it twice is harmless.
/// </summary>
public sealed partial class LegacyCheckInIndexMigration(
    ITableStore store, MemberRepository members, CheckInIndex index, TimeProvider time, ILogger<LegacyCheckInIndexMigration> logger) : BackgroundService
{
    public const string MarkerName = "checkinindex-migrated";
    private static readonly TimeSpan Reach = TimeSpan.FromHours(36);
    private static readonly TimeSpan StartAfter = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Not in the start-up path: the scheduler works meanwhile, and a host that lives a few seconds (a test,
            // a failed deployment slot) never pays for a scan it does not need. Wall time on purpose: this spares the
            // machine, and a test's hand-moved clock must not gain a timer it does not expect.
            await Task.Delay(StartAfter, TimeProvider.System, stoppingToken);
            await RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
        catch (Exception ex)
        {
            // The next start tries again; meanwhile members re-enter the index whenever their profile is saved.
            LogFailed(ex);
        }
    }

    /// <summary>Returns how many members were planned again (0 when already done or there was no old index).</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var markers = store.GetTable<LeaseRow>(LeaseRow.TableName);
        if (await markers.GetAsync(LeaseRow.PartitionKeyValue, MarkerName, cancellationToken) is not null) return 0;

        var old = store.GetTable<LegacyCheckInIndexRow>(LegacyCheckInIndexRow.TableName);
        var now = time.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero) - Reach;
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var minute = start; minute <= start + Reach * 2; minute = minute.AddMinutes(1))
        {
            var bucket = minute.ToString(LegacyCheckInIndexRow.Format, CultureInfo.InvariantCulture);
            await foreach (var row in old.QueryPartitionAllAsync(bucket, cancellationToken: cancellationToken)) keys.Add(row.RowKey);
        }

        var profiles = new List<MemberProfile>(keys.Count);
        foreach (var key in keys)
            if (await members.GetAsync(key, cancellationToken) is { } profile) profiles.Add(profile);
        if (profiles.Count > 0) await index.PlanManyAsync(profiles, cancellationToken);

        await markers.UpsertAsync(new LeaseRow { PartitionKey = LeaseRow.PartitionKeyValue, RowKey = MarkerName, Holder = "done", AcquiredAt = now, ExpiresAt = now.AddYears(100) }, cancellationToken);
        if (profiles.Count > 0) LogMigrated(profiles.Count);
        return profiles.Count;
    }

    [LoggerMessage(EventId = 6140, Level = LogLevel.Information, Message = "Check-in index: {Count} member(s) from the first index layout planned again.")]
    private partial void LogMigrated(int count);

    [LoggerMessage(EventId = 6141, Level = LogLevel.Error, Message = "Check-in index migration failed; it runs again at the next start.")]
    private partial void LogFailed(Exception exception);
}
