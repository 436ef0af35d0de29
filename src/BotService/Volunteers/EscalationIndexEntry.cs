using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// Table <c>escalationindex</c>: pointer rows so lookups are single reads or one small partition.
/// "open"/{code}: every escalation not closed (the timers and STATUS read this partition).
/// "m-{memberKey}"/"open": her one open escalation. "v-{volunteerId}"/{code}: a volunteer's active cases.
/// </summary>
public sealed class EscalationIndexEntry : TableEntityBase
{
    public const string TableName = "escalationindex";
    public const string OpenPartition = "open";
    public const string MemberOpenRow = "open";

    public static string MemberPartition(string memberKey) => "m-" + memberKey;
    public static string VolunteerPartition(string volunteerId) => "v-" + volunteerId;

    public string Code { get; set; } = "";
}
