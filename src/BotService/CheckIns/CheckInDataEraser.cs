using BotService.Privacy;
using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>DELETE MY DATA: her check-in ledger rows (and their date-index rows) and her due-index entry.</summary>
internal sealed class CheckInDataEraser(ITableStore store, CheckInIndex index) : IMemberDataEraser
{
    private readonly ITable<CheckInLedgerRow> _ledger = store.GetTable<CheckInLedgerRow>(CheckInLedgerRow.TableName);
    private readonly ITable<CheckInLedgerDateRow> _dates = store.GetTable<CheckInLedgerDateRow>(CheckInLedgerDateRow.TableName);

    public async Task EraseAsync(string memberKey, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var row in _ledger.QueryPartitionAllAsync(memberKey, cancellationToken: cancellationToken)) keys.Add(row.RowKey);
        foreach (var rowKey in keys)
        {
            await _ledger.DeleteAsync(memberKey, rowKey, cancellationToken: cancellationToken);
            await _dates.DeleteAsync(rowKey, memberKey, cancellationToken: cancellationToken);
        }
        await index.RemoveAsync(memberKey, cancellationToken);
    }
}
