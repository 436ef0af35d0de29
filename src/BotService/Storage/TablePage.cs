namespace BotService.Storage;

public sealed record TablePage<T>(IReadOnlyList<T> Items, string? ContinuationToken);
