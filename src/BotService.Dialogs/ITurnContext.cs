namespace BotService.Dialogs;

/// <summary>Everything a dialog may touch during one turn: the inbound activity, the replies, and per-turn services.</summary>
public interface ITurnContext
{
    Activity Activity { get; }

    /// <summary>Per-turn services (member profile, language, clock...) keyed by type.</summary>
    TurnContextStateCollection TurnState { get; }

    /// <summary>True once anything has been sent this turn.</summary>
    bool Responded { get; }

    /// <summary>Replies sent during this turn, in order; the channel layer delivers these.</summary>
    IReadOnlyList<Activity> SentActivities { get; }

    Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default);

    Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default);
}
