using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>Table <c>linesettings</c>, one row: the coordinator's changes over <see cref="EscalationOptions"/>. The
/// coordinator's number is encrypted like every other number at rest.</summary>
public sealed class LineSettingsRow : TableEntityBase
{
    public const string TableName = "linesettings";
    public const string Key = "line";

    public string? OperatingHours { get; set; }
    public string? CoordinatorPhoneCipher { get; set; }
    /// <summary>True when the coordinator cleared the number (so the host setting no longer applies).</summary>
    public bool? CoordinatorCleared { get; set; }
    public DateTimeOffset? UpdatedAt { get; set; }
}
