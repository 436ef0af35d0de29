using BotService.Volunteers;

namespace BotService.CoordinatorConsole;

/// <summary>One open or claimed case as the console lists it: no number, no words.</summary>
public sealed record QueueRow(
    string Code,
    string Severity,
    string Category,
    string Language,
    EscalationStatus Status,
    TimeSpan Waiting,
    int PagesSent,
    string? HolderId,
    string? HolderName,
    TimeSpan? SinceVolunteerText,
    bool CoordinatorPaged);
