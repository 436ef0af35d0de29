using BotService.Storage;

namespace BotService.Conversation;

/// <summary>One member's dialog stack between turns as written before layout 1 (see
/// <see cref="Members.MemberProfile.CurrentLayout"/>): table <c>dialogstate</c>, PartitionKey member key, RowKey
/// "state". Now only read to migrate her on her first turn, and erased with her data.</summary>
public sealed class DialogStateRow : TableEntityBase
{
    public const string TableName = "dialogstate";
    public const string StateRowKey = "state";

    public string StateJson { get; set; } = "";
    public DateTimeOffset? LastActivityUtc { get; set; }
}

/// <summary>DELETE MY DATA for a dialog state row left from before the fold (her current state is in her profile row).</summary>
public sealed class DialogStateStore(ITableStore store) : IMemberDataEraser
{
    public Task EraseAsync(string memberKey, CancellationToken cancellationToken) =>
        store.GetTable<DialogStateRow>(DialogStateRow.TableName).DeleteAsync(memberKey, DialogStateRow.StateRowKey, cancellationToken: cancellationToken);
}
