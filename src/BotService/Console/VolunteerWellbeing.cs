namespace BotService.CoordinatorConsole;

/// <summary>One volunteer's load over a window: what she took on, how much of it was urgent or at night, and the hours
/// she was on call.</summary>
public sealed record WellbeingWindow(int Cases, int Urgent, int Night, int DaysInARow, double HoursOnCall);

/// <summary>A volunteer's last 7 and 30 days, and the plain sentences the coordinator should act on.</summary>
public sealed record VolunteerWellbeing(string Id, string Name, bool OnCall, int Held, WellbeingWindow Week, WellbeingWindow Month, IReadOnlyList<string> Flags);
