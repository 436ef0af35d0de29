namespace BotService.Members;

public sealed class SettingsState;
