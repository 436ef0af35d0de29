namespace BotService.Messaging;

public sealed record SendOutcome(SendOutcomeKind Kind, string? ProviderMessageId = null, string? ErrorCode = null, string? Detail = null, TimeSpan? RetryAfter = null);
