namespace BotService.Volunteers;

/// <summary>How a volunteer says a case ended (DONE safe / referred / emergency / noanswer).</summary>
public enum EscalationOutcome { None, Safe, Referred, Emergency, NoAnswer, Dismissed, Erased }
