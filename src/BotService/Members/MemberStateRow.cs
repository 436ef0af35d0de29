using BotService.Storage;

namespace BotService.Members;

/// <summary>
/// Table <c>memberstates</c>, PartitionKey = "s-{shard}" (one of <see cref="Shards"/>, by member key), RowKey = member
/// key: the few fields that say whether she is active, paused or opted out, kept apart from her profile so the line
/// can be counted by reading a handful of partitions of small rows instead of every member's partition. Written with
/// her profile when her status, pause or opt-out may have changed; deleted when she is erased. No address, no words.
/// </summary>
public sealed class MemberStateRow : TableEntityBase
{
    public const string TableName = "memberstates";
    public const int Shards = 16;

    public MemberStatus Status { get; set; }
    public DateTimeOffset? PausedUntil { get; set; }
    public bool OptedOut { get; set; }

    public static string PartitionFor(string memberKey)
    {
        // FNV-1a: stable across processes (string.GetHashCode is not).
        var hash = 2166136261u;
        foreach (var c in memberKey) hash = (hash ^ c) * 16777619u;
        return PartitionForShard((int)(hash % Shards));
    }

    public static string PartitionForShard(int shard) => "s-" + shard.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    public static MemberStateRow Of(MemberProfile profile) => new()
    {
        PartitionKey = PartitionFor(profile.MemberKey),
        RowKey = profile.MemberKey,
        Status = profile.Status,
        PausedUntil = profile.PausedUntil,
        OptedOut = profile.OptedOutAt is not null,
    };
}
