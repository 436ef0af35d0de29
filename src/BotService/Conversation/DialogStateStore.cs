using BotService.Storage;

namespace BotService.Conversation;

/// <summary>One member's dialog stack between turns. Table <c>dialogstate</c>, PartitionKey member key, RowKey "state".
/// The JSON holds dialog positions, choices and hashes, never her words in clear.</summary>
public sealed class DialogStateRow : TableEntityBase
{
    public const string TableName = "dialogstate";
    public const string StateRowKey = "state";

    public string StateJson { get; set; } = "";
    public DateTimeOffset? LastActivityUtc { get; set; }
}

public sealed class DialogStateStore(ITableStore store) : IMemberDataEraser
{
    private ITable<DialogStateRow> Table => store.GetTable<DialogStateRow>(DialogStateRow.TableName);

    public Task<DialogStateRow?> LoadAsync(string memberKey, CancellationToken ct) => Table.GetAsync(memberKey, DialogStateRow.StateRowKey, ct);

    /// <summary>Insert for a first turn, else replace with the ETag read at the start of the turn. Either way a turn
    /// that raced ours surfaces as <see cref="EntityConcurrencyException"/> so the pipeline re-runs on fresh state.</summary>
    public async Task SaveAsync(string memberKey, DialogStateRow? loaded, string json, DateTimeOffset? lastActivity, CancellationToken ct)
    {
        var row = new DialogStateRow { PartitionKey = memberKey, RowKey = DialogStateRow.StateRowKey, StateJson = json, LastActivityUtc = lastActivity };
        if (loaded is null)
        {
            try { await Table.InsertAsync(row, ct); }
            catch (EntityAlreadyExistsException) { throw new EntityConcurrencyException(DialogStateRow.TableName, memberKey, row.RowKey); }
        }
        else
        {
            try { await Table.ReplaceAsync(row, loaded.ETag, ct); }
            catch (EntityNotFoundException) { throw new EntityConcurrencyException(DialogStateRow.TableName, memberKey, row.RowKey); }
        }
    }

    /// <summary>Unconditional reset, used after a dialog failed: her next message starts fresh.</summary>
    public Task ResetAsync(string memberKey, CancellationToken ct) => Table.DeleteAsync(memberKey, DialogStateRow.StateRowKey, cancellationToken: ct);

    public Task EraseAsync(string memberKey, CancellationToken cancellationToken) => ResetAsync(memberKey, cancellationToken);
}
