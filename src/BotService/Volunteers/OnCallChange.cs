using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// Table <c>oncallhistory</c>: one row each time a volunteer goes on or off call (her ON/OFF/STOP text, or the
/// coordinator's roster toggle). PartitionKey = her volunteer id, RowKey = inverted time then a tie-breaker, so the
/// newest change reads first and a window's changes are one short range read. No number, no name.
/// </summary>
public sealed class OnCallChange : TableEntityBase
{
    public const string TableName = "oncallhistory";

    public DateTimeOffset At { get; set; }
    public bool OnCall { get; set; }

    /// <summary>Newest first: a later time gives a smaller key.</summary>
    public static string KeyFor(DateTimeOffset at) => (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);
}
