using BotService.Members;
using BotService.Privacy;
using BotService.Storage;

namespace BotService.Turns;

/// <summary>DELETE MY DATA for a dialog state row left from before the fold (her current state is in her profile row).</summary>
public sealed class DialogStateStore(ITableStore store) : IMemberDataEraser
{
    public Task EraseAsync(string memberKey, CancellationToken cancellationToken) =>
        store.GetTable<DialogStateRow>(DialogStateRow.TableName).DeleteAsync(memberKey, DialogStateRow.StateRowKey, cancellationToken: cancellationToken);
}
