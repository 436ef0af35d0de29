using BotService.Dialogs;

namespace BotService.Turns;

public sealed class MenuState;
