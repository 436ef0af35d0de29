namespace BotService.Channels.DevPhone;

public enum DevPhoneDirection
{
    /// <summary>The person texted the bot.</summary>
    Sent,
    /// <summary>The bot texted the person (a turn reply or an outbox message).</summary>
    Received,
}
