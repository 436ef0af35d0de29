namespace BotService.Messaging;

/// <summary>Lower number leaves first: crisis pages and relays before check-ins.</summary>
public enum MessagePriority
{
    /// <summary>Pages about a life at risk: ahead of every other page, whatever backlog there is.</summary>
    Imminent = -1,
    Crisis = 0,
    Relay = 1,
    Normal = 2,
    CheckIn = 3,
}
