namespace BotService.Messaging;

/// <summary>Channel names used across the service (stored with outbox rows and conversation references).</summary>
public static class ChannelNames
{
    public const string Sms = "sms";
    public const string BotFramework = "botframework";
}
