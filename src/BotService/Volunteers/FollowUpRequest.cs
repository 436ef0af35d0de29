namespace BotService.Volunteers;

/// <summary><see cref="Address"/> is her plain number or channel address: stored only encrypted, never logged.</summary>
public sealed record FollowUpRequest(string MemberKey, string Channel, string Address, string Language, DateTimeOffset DueAt);
