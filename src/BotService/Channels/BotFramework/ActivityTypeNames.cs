namespace BotService.Channels.BotFramework;

/// <summary>The activity and action type strings of the schema that this channel uses.</summary>
public static class ActivityTypeNames
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string ImBack = "imBack";
}
