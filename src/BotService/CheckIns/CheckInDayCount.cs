using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// Table <c>checkinstats</c>, one partition, RowKey = "{yyyy-MM-dd}-{slot}": how many check-in messages went out for
/// members' local date, and how many of them were answered. Only totals: no member key, no number. A day is spread
/// over <see cref="Slots"/> rows so that many writers (the scheduler's parallel sends, every instance's turns) rarely
/// meet on one ETag; the day's figure is their sum.
/// </summary>
public sealed class CheckInDayCount : TableEntityBase
{
    public const string TableName = "checkinstats";
    public const string Partition = "day";
    public const int Slots = 8;

    public int Prompts { get; set; }
    public int Answered { get; set; }

    /// <summary>The local date a row counts for: its RowKey without the slot.</summary>
    public string Date => RowKey[..10];
}
