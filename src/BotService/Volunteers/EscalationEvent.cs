using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>Table <c>escalationevents</c>: PartitionKey = code, RowKey = time-ordered id. Never holds text or numbers.</summary>
public sealed class EscalationEvent : TableEntityBase
{
    public const string TableName = "escalationevents";

    public EscalationEventKind Kind { get; set; }
    public DateTimeOffset At { get; set; }
    /// <summary>Volunteer id when one is involved.</summary>
    public string? VolunteerId { get; set; }
    /// <summary>Page number, volunteers paged, severity or outcome: short, never personal.</summary>
    public string? Detail { get; set; }
}
