using BotService.Storage;

namespace BotService.Messaging.Outbox;

/// <summary>
/// Every outbox row lives in one partition so a message, its dedupe marker, its queue pointer and its SID index are
/// written in one atomic batch. The row kind is the RowKey prefix:
/// <list type="bullet">
/// <item><c>msg-{id}</c>: the message (recipient and body encrypted; body wiped once the provider has it).</item>
/// <item><c>due-{priority}-{notBeforeTicks:D19}-{id}</c>: queue pointer; RowKey order is drain order. Deleted when the message is final.</item>
/// <item><c>dedupe-{keyed hash}</c>: makes enqueue idempotent.</item>
/// <item><c>sid-{provider sid}</c>: finds the message from a status callback.</item>
/// </list>
/// A bot's outbound volume (a few messages a second at most, by carrier rules) is far below one partition's limits.
/// </summary>
public sealed class OutboxRow : TableEntityBase
{
    public const string TableName = "outbox";
    public const string Partition = "outbox";

    public string? MessageId { get; set; }
    public string? Channel { get; set; }
    public MessagePriority? Priority { get; set; }
    public OutboxStatus? Status { get; set; }
    public string? RecipientCipher { get; set; }
    public string? BodyCipher { get; set; }
    /// <summary>The member it is for (see <see cref="OutboundMessage.MemberKey"/>); wiped with her data.</summary>
    public string? MemberKey { get; set; }
    public bool? IsTurnReply { get; set; }
    public string? CancelTag { get; set; }
    public int? Segments { get; set; }
    /// <summary>Which sender of a pool carries it (<see cref="RecipientBucket"/>), readable without decrypting anything.</summary>
    public int? RecipientBucket { get; set; }
    public int? Attempts { get; set; }
    /// <summary>How often a lost lease was recovered; the second time the message is failed instead of resent.</summary>
    public int? LeaseRecoveries { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    /// <summary>The RowKey of the current queue pointer, so a claim can move it atomically.</summary>
    public string? DueKey { get; set; }
    public string? ProviderSid { get; set; }
    public string? ErrorCode { get; set; }
    /// <summary>Our own words (never the provider's text, which may quote the number).</summary>
    public string? FailureReason { get; set; }
    public DateTimeOffset? CreatedAt { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }

    public static string MessageKey(string id) => "msg-" + id;
    public const string DuePrefix = "due-";
    public static string DuePrefixOf(MessagePriority priority) => $"due-{(int)priority}-";
    public static string DueKeyOf(MessagePriority priority, DateTimeOffset notBefore, string id) =>
        $"due-{(int)priority}-{notBefore.UtcTicks:D19}-{id}";
    public static string DedupeKeyOf(string hash) => "dedupe-" + hash;
    public static string SidKey(string sid) => "sid-" + sid;

    public static OutboxRow New(string rowKey) => new() { PartitionKey = Partition, RowKey = rowKey };
}
