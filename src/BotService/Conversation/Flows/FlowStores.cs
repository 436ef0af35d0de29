using System.Globalization;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Conversation.Flows;

/// <summary>One answered check-in. Table <c>checkins</c>, PartitionKey member key, RowKey her local date (yyyy-MM-dd).
/// The note is encrypted; mood and urge are numbers only.</summary>
public sealed class CheckInRecord : TableEntityBase
{
    public const string TableName = "checkins";
    public int? Mood { get; set; }
    public int? Urge { get; set; }
    public string? EncryptedNote { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>Date index for the retention purge (the store has no cross-partition query): PartitionKey the local date,
/// RowKey the member key. Holds nothing but the pair.</summary>
public sealed class CheckInDateIndex : TableEntityBase
{
    public const string TableName = "checkindates";
}

public sealed class CheckInStore(ITableStore store) : IMemberDataEraser
{
    private ITable<CheckInRecord> Records => store.GetTable<CheckInRecord>(CheckInRecord.TableName);
    private ITable<CheckInDateIndex> Index => store.GetTable<CheckInDateIndex>(CheckInDateIndex.TableName);

    public static string DateKey(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Upsert: a re-run turn or a second check-in the same day keeps one row per day.</summary>
    public async Task SaveAsync(CheckInRecord record, CancellationToken ct)
    {
        await Records.UpsertAsync(record, ct);
        await Index.UpsertAsync(new CheckInDateIndex { PartitionKey = record.RowKey, RowKey = record.PartitionKey }, ct);
    }

    public Task<CheckInRecord?> GetAsync(string memberKey, string date, CancellationToken ct) => Records.GetAsync(memberKey, date, ct);

    public async Task EraseAsync(string memberKey, CancellationToken cancellationToken)
    {
        var rows = new List<CheckInRecord>();
        await foreach (var row in Records.QueryPartitionAllAsync(memberKey, cancellationToken: cancellationToken)) rows.Add(row);
        foreach (var row in rows)
        {
            await Records.DeleteAsync(memberKey, row.RowKey, cancellationToken: cancellationToken);
            await Index.DeleteAsync(row.RowKey, memberKey, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Deletes check-ins whose local date is in [from, to). Returns how many went.</summary>
    public async Task<int> PurgeDatesAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var deleted = 0;
        for (var day = from; day < to; day = day.AddDays(1))
        {
            var key = DateKey(day);
            var members = new List<string>();
            await foreach (var row in Index.QueryPartitionAllAsync(key, cancellationToken: ct)) members.Add(row.RowKey);
            foreach (var member in members)
            {
                if (await Records.DeleteAsync(member, key, cancellationToken: ct)) deleted++;
                await Index.DeleteAsync(key, member, cancellationToken: ct);
            }
        }
        return deleted;
    }
}

/// <summary>
/// Daily purge of check-ins older than <c>Retention:CheckInDays</c>. Walks a bounded window of past dates each run
/// (deletes are idempotent), on the injected TimeProvider so tests can move the clock.
/// </summary>
public sealed class CheckInRetentionService(CheckInStore store, IOptions<ConversationOptions> options, TimeProvider time,
    ILogger<CheckInRetentionService> logger) : BackgroundService
{
    /// <summary>How far before the cut-off each run looks; covers a host that was down for weeks.</summary>
    public const int LookbackDays = 60;

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        // A day of slack: her local date can be a day ahead of or behind UTC.
        var cutoff = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-options.Value.CheckInRetentionDays - 1);
        return await store.PurgeDatesAsync(cutoff.AddDays(-LookbackDays), cutoff, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await RunOnceAsync(stoppingToken);
                if (deleted > 0) logger.LogInformation("Check-in retention purged {Count} rows.", deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Check-in retention run failed ({ExceptionType}); next run tomorrow.", e.GetType().Name);
            }
            try { await Task.Delay(TimeSpan.FromHours(24), time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}

/// <summary>How often a coping idea helped her. Table <c>strategycounters</c>, PartitionKey member key, RowKey strategy id.</summary>
public sealed class StrategyCounter : TableEntityBase
{
    public const string TableName = "strategycounters";
    public int Helped { get; set; }
    public int NotHelped { get; set; }
}

public sealed class StrategyCounterStore(ITableStore store) : IMemberDataEraser
{
    private ITable<StrategyCounter> Table => store.GetTable<StrategyCounter>(StrategyCounter.TableName);

    public async Task<Dictionary<string, StrategyCounter>> GetAllAsync(string memberKey, CancellationToken ct)
    {
        var map = new Dictionary<string, StrategyCounter>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryPartitionAllAsync(memberKey, cancellationToken: ct)) map[row.RowKey] = row;
        return map;
    }

    public async Task RecordAsync(string memberKey, string strategy, bool helped, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await Table.GetAsync(memberKey, strategy, ct);
            try
            {
                if (row is null)
                {
                    await Table.InsertAsync(new StrategyCounter { PartitionKey = memberKey, RowKey = strategy, Helped = helped ? 1 : 0, NotHelped = helped ? 0 : 1 }, ct);
                }
                else
                {
                    if (helped) row.Helped++; else row.NotHelped++;
                    await Table.ReplaceAsync(row, row.ETag, ct);
                }
                return;
            }
            catch (TableStorageException e) when (e is EntityConcurrencyException or EntityAlreadyExistsException && attempt < 3)
            {
            }
        }
    }

    public async Task EraseAsync(string memberKey, CancellationToken cancellationToken)
    {
        foreach (var key in (await GetAllAsync(memberKey, cancellationToken)).Keys)
            await Table.DeleteAsync(memberKey, key, cancellationToken: cancellationToken);
    }
}

/// <summary>Her profile goes last so the scheduler hears of the removal (MemberRepository notifies it).</summary>
internal sealed class ProfileEraser(Members.MemberRepository members) : IMemberDataEraser
{
    public Task EraseAsync(string memberKey, CancellationToken cancellationToken) => members.DeleteAsync(memberKey, cancellationToken);
}
