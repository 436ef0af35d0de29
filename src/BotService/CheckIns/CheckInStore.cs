using System.Globalization;
using BotService.Privacy;
using BotService.Storage;

namespace BotService.CheckIns;

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
