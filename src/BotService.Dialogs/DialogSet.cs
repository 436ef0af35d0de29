namespace BotService.Dialogs;

/// <summary>The dialogs a bot knows by id. Build it once; it holds no per-member data.</summary>
public sealed class DialogSet
{
    private readonly Dictionary<string, Dialog> _dialogs = new(StringComparer.Ordinal);

    public DialogSet Add(Dialog dialog)
    {
        ArgumentNullException.ThrowIfNull(dialog);
        if (!_dialogs.TryAdd(dialog.Id, dialog))
        {
            throw new ArgumentException($"A dialog with id '{dialog.Id}' is already in the set.", nameof(dialog));
        }

        return this;
    }

    public Dialog? Find(string dialogId) => _dialogs.GetValueOrDefault(dialogId);

    public IEnumerable<Dialog> GetDialogs() => _dialogs.Values;

    public DialogContext CreateContext(ITurnContext turnContext, DialogState state) => new(this, turnContext, state);

    /// <summary>Async for familiarity with the Bot Framework; the state is already loaded by the host.</summary>
    public Task<DialogContext> CreateContextAsync(ITurnContext turnContext, DialogState state, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(CreateContext(turnContext, state));
    }

    /// <summary>
    /// The usual turn: continue the active dialog, or begin <paramref name="rootDialogId"/> when none is active.
    /// Stamps <see cref="DialogState.LastActivityUtc"/>. Hosts that handle interruptions (STOP, MENU)
    /// create the context themselves and call <see cref="DialogContext.CancelAllDialogsAsync"/> first.
    /// </summary>
    public async Task<DialogTurnResult> RunAsync(ITurnContext turnContext, DialogState state, string rootDialogId, object? options = null, CancellationToken cancellationToken = default)
    {
        var dc = CreateContext(turnContext, state);
        var result = await dc.ContinueDialogAsync(cancellationToken);
        if (result.Status == DialogTurnStatus.Empty)
        {
            result = await dc.BeginDialogAsync(rootDialogId, options, cancellationToken);
        }

        state.LastActivityUtc = turnContext.Activity.Timestamp?.ToUniversalTime() ?? DateTimeOffset.UtcNow;
        return result;
    }
}
