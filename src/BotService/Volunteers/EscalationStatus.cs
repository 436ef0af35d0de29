namespace BotService.Volunteers;

public enum EscalationStatus { Open, Claimed, Closed }
