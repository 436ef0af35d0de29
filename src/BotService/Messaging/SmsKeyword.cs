namespace BotService.Messaging;

public enum SmsKeyword
{
    None,
    OptOut,
    /// <summary>START, UNSTOP: always an opt-in.</summary>
    OptIn,
    /// <summary>YES: an opt-in only for someone who is opted out; otherwise it is an answer to a dialog.</summary>
    OptInIfOptedOut,
    Help,
}
