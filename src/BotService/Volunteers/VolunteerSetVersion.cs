using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// One row in the <c>volunteers</c> table, in a partition of its own (so listing volunteers never sees it), rewritten
/// by every add and delete of a volunteer. Only its ETag matters: see <see cref="VolunteerDirectory"/>.
/// </summary>
public sealed class VolunteerSetVersion : TableEntityBase
{
    public const string Partition = "directory";
    public const string VersionRowKey = "version";

    public DateTimeOffset ChangedAt { get; set; }
}
