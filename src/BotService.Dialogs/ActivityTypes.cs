namespace BotService.Dialogs;

/// <summary>Activity type names, spelled as the Bot Framework schema spells them.</summary>
public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
    public const string EndOfConversation = "endOfConversation";
    public const string Event = "event";
}
