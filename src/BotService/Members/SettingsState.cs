using BotService.Dialogs;

namespace BotService.Members;

public sealed class SettingsState;
