
namespace BotService.Messaging.Outbox;

public static class OutboxStatuses
{
    /// <summary>Status callbacks arrive out of order; a lower rank never overwrites a higher one.</summary>
    public static int Rank(OutboxStatus status) => status switch
    {
        OutboxStatus.Queued => 0,
        OutboxStatus.Sending => 1,
        OutboxStatus.Sent => 2,
        _ => 3,
    };

    public static bool IsFinal(OutboxStatus status) => Rank(status) == 3;
}
