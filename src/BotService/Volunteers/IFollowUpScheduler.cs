namespace BotService.Volunteers;

/// <summary>Asks for a gentle check-in with a member after her escalation closed. The channel and address travel with
/// the request because the closed escalation wipes its copy of her number. An interface because the escalation tests
/// record the requests instead of scheduling them.</summary>
public interface IFollowUpScheduler
{
    Task RequestFollowUpAsync(FollowUpRequest request, CancellationToken cancellationToken);
}
