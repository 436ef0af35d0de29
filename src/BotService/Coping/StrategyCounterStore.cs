using BotService.Privacy;
using BotService.Storage;

namespace BotService.Coping;

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
