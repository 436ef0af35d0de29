using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// Daily totals of check-in messages sent and answered (see <see cref="CheckInDayCount"/>), for line health. Each
/// count is an ETag-guarded read-add-write on one of the day's rows, retried on a conflict, so two instances counting
/// at once both land. A count is a report, never worth failing her turn or a send: a storage error is swallowed and
/// that one count is lost.
/// </summary>
public sealed class CheckInStats(ITableStore store)
{
    private const int MaxAttempts = 20;
    private readonly ITable<CheckInDayCount> _table = store.GetTable<CheckInDayCount>(CheckInDayCount.TableName);

    /// <summary>A prompt (or the gentle silence message) for <paramref name="localDate"/> is in the outbox.</summary>
    public Task CountPromptAsync(string localDate, CancellationToken ct) => AddAsync(localDate, prompts: 1, answered: 0, ct);

    /// <summary>She answered the message of <paramref name="localDate"/> (counted once per day, by the ledger).</summary>
    public Task CountAnswerAsync(string localDate, CancellationToken ct) => AddAsync(localDate, prompts: 0, answered: 1, ct);

    private async Task AddAsync(string localDate, int prompts, int answered, CancellationToken ct)
    {
        var slot = Random.Shared.Next(CheckInDayCount.Slots);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var rowKey = $"{localDate}-{slot}";
                var row = await _table.GetAsync(CheckInDayCount.Partition, rowKey, ct);
                try
                {
                    if (row is null)
                    {
                        await _table.InsertAsync(new CheckInDayCount { PartitionKey = CheckInDayCount.Partition, RowKey = rowKey, Prompts = prompts, Answered = answered }, ct);
                    }
                    else
                    {
                        row.Prompts += prompts;
                        row.Answered += answered;
                        await _table.ReplaceAsync(row, row.ETag, ct);
                    }
                    return;
                }
                catch (Exception e) when (e is EntityConcurrencyException or EntityAlreadyExistsException && attempt < MaxAttempts)
                {
                    // Another writer got there first: read again (on another of the day's rows, to step out of its way).
                    slot = (slot + 1) % CheckInDayCount.Slots;
                }
            }
        }
        catch (TableStorageException)
        {
        }
    }

    /// <summary>Sent and answered per local date, from <paramref name="first"/> to <paramref name="last"/> inclusive.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, (int Prompts, int Answered)>> DaysAsync(DateOnly first, DateOnly last, CancellationToken ct)
    {
        var days = new Dictionary<DateOnly, (int, int)>();
        var range = new RowKeyRange(Key(first), Key(last.AddDays(1)));
        await foreach (var row in _table.QueryPartitionAllAsync(CheckInDayCount.Partition, range, ct))
        {
            var day = DateOnly.ParseExact(row.Date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var (p, a) = days.GetValueOrDefault(day);
            days[day] = (p + row.Prompts, a + row.Answered);
        }
        return days;
    }

    private static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
