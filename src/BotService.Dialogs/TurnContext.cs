namespace BotService.Dialogs;

/// <summary>
/// Collects replies instead of posting them: SMS replies go out as the webhook response (or one batch),
/// so the channel layer reads <see cref="SentActivities"/> after the turn.
/// </summary>
public sealed class TurnContext : ITurnContext
{
    private readonly List<Activity> _sent = [];

    public TurnContext(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        Activity = activity;
    }

    public Activity Activity { get; }
    public TurnContextStateCollection TurnState { get; } = new();
    public bool Responded => _sent.Count > 0;
    public IReadOnlyList<Activity> SentActivities => _sent;

    public Task<ResourceResponse> SendActivityAsync(string text, CancellationToken cancellationToken = default)
        => SendActivityAsync(Activity.CreateReply(text), cancellationToken);

    public Task<ResourceResponse> SendActivityAsync(Activity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        cancellationToken.ThrowIfCancellationRequested();

        // Dialogs often build a bare activity (text + suggested actions); address it like a reply.
        activity.ChannelId ??= Activity.ChannelId;
        activity.ServiceUrl ??= Activity.ServiceUrl;
        activity.Conversation ??= Activity.Conversation;
        activity.From ??= Activity.Recipient;
        activity.Recipient ??= Activity.From;
        activity.ReplyToId ??= Activity.Id;
        activity.Locale ??= Activity.Locale;
        activity.Timestamp ??= DateTimeOffset.UtcNow;
        activity.Id ??= Guid.NewGuid().ToString("N");

        _sent.Add(activity);
        return Task.FromResult(new ResourceResponse(activity.Id));
    }
}
