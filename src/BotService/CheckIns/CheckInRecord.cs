using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>One answered check-in. Table <c>checkins</c>, PartitionKey member key, RowKey her local date (yyyy-MM-dd).
/// The note is encrypted; mood and urge are numbers only.</summary>
public sealed class CheckInRecord : TableEntityBase
{
    public const string TableName = "checkins";
    public int? Mood { get; set; }
    public int? Urge { get; set; }
    public string? EncryptedNote { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
