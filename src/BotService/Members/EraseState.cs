namespace BotService.Members;

public sealed class EraseState;
