namespace BotService.Members;

public sealed record GlobalCommand(GlobalCommandKind Kind, int? Days = null, string? Language = null);
