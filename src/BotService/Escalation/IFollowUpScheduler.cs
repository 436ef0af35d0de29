namespace BotService.Escalation;

/// <summary>Asks for a gentle check-in with a member after her escalation closed. The scheduler implements it.</summary>
public interface IFollowUpScheduler
{
    Task RequestFollowUpAsync(string memberKey, string language, DateTimeOffset dueAt, CancellationToken cancellationToken);
}
