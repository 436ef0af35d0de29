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

/// <summary>A small typed services bag; one value per type, like the Bot Framework turn state.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "Named after the Bot Framework turn state it stands in for, so dialog code reads the same.")]
public sealed class TurnContextStateCollection
{
    private readonly Dictionary<Type, object> _values = [];

    public T? Get<T>() where T : class => _values.TryGetValue(typeof(T), out var value) ? (T)value : null;

    public bool TryGet<T>(out T value) where T : class
    {
        value = Get<T>()!;
        return value is not null;
    }

    public TurnContextStateCollection Set<T>(T value) where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        _values[typeof(T)] = value;
        return this;
    }

    public bool Remove<T>() where T : class => _values.Remove(typeof(T));
}
