using BotService.Dialogs.Recognizers;

namespace BotService.Turns;

public sealed record GlobalCommand(GlobalCommandKind Kind, int? Days = null, string? Language = null);
