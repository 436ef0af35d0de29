namespace BotService.Dialogs;

/// <summary>The option a member picked; <see cref="Index"/> is zero-based.</summary>
public sealed record FoundChoice(string Value, int Index);
