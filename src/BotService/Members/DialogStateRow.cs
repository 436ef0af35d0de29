using BotService.Storage;

namespace BotService.Members;

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
