namespace BotService.CoordinatorConsole;

/// <summary>One volunteer's load over a window: what she took on, how much of it was urgent or at night, and the hours
/// she was on call.</summary>
public sealed record WellbeingWindow(int Cases, int Urgent, int Night, int DaysInARow, double HoursOnCall);
