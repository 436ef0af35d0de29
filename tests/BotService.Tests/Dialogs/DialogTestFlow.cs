using BotService.Dialogs;

namespace BotService.Tests.Dialogs;

/// <summary>
/// A tiny in-memory adapter: each Send is one turn with a fresh TurnContext and a fresh DialogSet, and the
/// stack travels between turns only as JSON, the way the host stores it. Tests read like a transcript.
/// </summary>
internal sealed class DialogTestFlow(Func<DialogSet> createDialogs, string rootDialogId, string locale = "en")
{
    private readonly Queue<Activity> _replies = new();
    private int _turn;

    public string StateJson { get; private set; } = "";
    public List<string> JsonHistory { get; } = [];
    public DialogTurnResult? LastResult { get; private set; }

    /// <summary>Runs before the dialogs, like the host's STOP/MENU check; a non-null result ends the turn.</summary>
    public Func<DialogContext, Task<DialogTurnResult?>>? Interrupt { get; init; }

    /// <summary>Fills per-turn services, like the host putting the member profile in TurnState.</summary>
    public Action<ITurnContext>? OnTurn { get; init; }

    public Task<DialogTestFlow> Send(string text) => Send(new Activity { Type = ActivityTypes.Message, Text = text });

    public async Task<DialogTestFlow> Send(Activity activity)
    {
        _turn++;
        activity.Id ??= $"in-{_turn}";
        activity.Locale ??= locale;
        activity.ChannelId ??= "sms";
        activity.From ??= new ChannelAccount("+15550001111", "Member");
        activity.Recipient ??= new ChannelAccount("+15559990000", "Bot");
        activity.Conversation ??= new ConversationAccount("+15550001111");
        activity.Timestamp ??= new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero).AddMinutes(_turn);

        var state = DialogStateSerializer.FromJson(StateJson);
        var turn = new TurnContext(activity);
        OnTurn?.Invoke(turn);
        var dialogs = createDialogs();

        DialogTurnResult? result = null;
        if (Interrupt is not null)
        {
            result = await Interrupt(await dialogs.CreateContextAsync(turn, state));
        }

        result ??= await dialogs.RunAsync(turn, state, rootDialogId);

        LastResult = result;
        StateJson = DialogStateSerializer.ToJson(state);
        JsonHistory.Add(StateJson);
        foreach (var reply in turn.SentActivities)
        {
            _replies.Enqueue(reply);
        }

        return this;
    }

    public Activity AssertReply(string expected)
    {
        Assert.True(_replies.Count > 0, $"Expected reply \"{expected}\" but there was none.");
        var reply = _replies.Dequeue();
        Assert.Equal(expected, reply.Text);
        return reply;
    }

    public void AssertNoReply()
        => Assert.True(_replies.Count == 0, $"Unexpected reply: \"{(_replies.Count > 0 ? _replies.Peek().Text : "")}\"");

    public DialogState RestoredState => DialogStateSerializer.FromJson(StateJson);

    public IReadOnlyList<string> StackIds => [.. RestoredState.DialogStack.Select(i => i.Id)];
}
