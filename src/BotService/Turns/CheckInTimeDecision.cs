
namespace BotService.Turns;

public sealed record CheckInTimeDecision(bool Allowed, TimeOnly FirstAllowed, TimeOnly LastAllowed);
