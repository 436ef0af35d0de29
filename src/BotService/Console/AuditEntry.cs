using BotService.Storage;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Table <c>consoleaudit</c>: one row per coordinator action. One partition (a handful of rows a shift), RowKey =
/// inverted time so the newest reads first. Never holds a phone number or a member's words.
/// </summary>
public sealed class AuditEntry : TableEntityBase
{
    public const string TableName = "consoleaudit";
    public const string Partition = "audit";

    public DateTimeOffset At { get; set; }
    /// <summary>Who acted: the Entra user's name, or "coordinator (key)".</summary>
    public string Actor { get; set; } = "";
    /// <summary>Short verb: "signed in", "assigned", "closed", "note", "showed message"...</summary>
    public string Action { get; set; } = "";
    public string? Code { get; set; }
    public string? VolunteerId { get; set; }
    /// <summary>Our own words (outcome, reason, the note); phone-like digit runs are masked before they are stored.</summary>
    public string? Detail { get; set; }
}
