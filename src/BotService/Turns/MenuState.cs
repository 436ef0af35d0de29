namespace BotService.Turns;

public sealed class MenuState;
