namespace BotService.CoordinatorConsole;

/// <summary>A volunteer's last 7 and 30 days, and the plain sentences the coordinator should act on.</summary>
public sealed record VolunteerWellbeing(string Id, string Name, bool OnCall, int Held, WellbeingWindow Week, WellbeingWindow Month, IReadOnlyList<string> Flags);
