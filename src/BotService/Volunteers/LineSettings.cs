namespace BotService.Volunteers;

/// <summary>What the coordinator may change while the line runs: when volunteers are paged, and who is paged when a
/// case waits too long (E.164, or null for nobody).</summary>
public sealed record LineSettings(OperatingHours Hours, string HoursText, string? CoordinatorPhone);
