using BotService.Storage;

namespace BotService.CoordinatorConsole;

/// <summary>Table <c>memberstates</c>, partition "totals", one row: the last count of members active, paused and
/// opted out, and when it was made. Totals only.</summary>
public sealed class MemberTotalsRow : TableEntityBase
{
    public const string Partition = "totals";
    public const string Key = "now";

    public int Active { get; set; }
    public int Paused { get; set; }
    public int OptedOut { get; set; }
    public DateTimeOffset CountedAt { get; set; }
}
