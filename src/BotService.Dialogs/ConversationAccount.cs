namespace BotService.Dialogs;

public sealed class ConversationAccount
{
    public ConversationAccount()
    {
    }

    public ConversationAccount(string id) => Id = id;

    public string Id { get; set; } = "";
}
