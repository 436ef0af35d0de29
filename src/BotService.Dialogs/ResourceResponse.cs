namespace BotService.Dialogs;

/// <summary>Returned by a send; the channel layer may fill the id it gets from its provider.</summary>
public sealed record ResourceResponse(string Id);
