using System.Text.Json;

namespace BotService.Dialogs;

/// <summary>What one waterfall step sees: the typed state, the previous step's result, and the stack operations.</summary>
public sealed class WaterfallStepContext<TState> where TState : class, new()
{
    private readonly WaterfallDialog<TState> _parent;
    private readonly WaterfallState<TState> _state;
    private bool _nextCalled;

    internal WaterfallStepContext(WaterfallDialog<TState> parent, DialogContext dc, WaterfallState<TState> state, int index, DialogReason reason, object? options, object? result)
    {
        _parent = parent;
        _state = state;
        DialogContext = dc;
        Index = index;
        Reason = reason;
        Options = options;
        Result = result;
    }

    public DialogContext DialogContext { get; }
    public ITurnContext Context => DialogContext.Context;

    /// <summary>The typed values of this waterfall; changes are persisted with the stack.</summary>
    public TState State => _state.Values;

    public int Index { get; }
    public DialogReason Reason { get; }

    /// <summary>
    /// The previous step's outcome: a <see cref="PromptResult{T}"/> after a prompt, a child dialog's result,
    /// or the member's text when the previous step returned <see cref="Dialog.EndOfTurn"/> itself.
    /// </summary>
    public object? Result { get; }

    /// <summary>The begin options: the original object on the first turn, a JsonElement later. Prefer <see cref="GetOptions{T}"/>.</summary>
    public object? Options { get; }

    public T? GetOptions<T>() => Options switch
    {
        null => default,
        T typed => typed,
        JsonElement json => json.Deserialize<T>(DialogStateSerializer.Options),
        _ => throw new InvalidOperationException($"Options are {Options.GetType().Name}, not {typeof(T).Name}."),
    };

    /// <summary>True with the value when the previous step was a prompt that understood the answer.</summary>
    public bool TryGetPromptValue<T>(out T value)
    {
        if (Result is PromptResult<T> { Succeeded: true } prompt)
        {
            value = prompt.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Skips to the next step now, without waiting for the member.</summary>
    public Task<DialogTurnResult> NextAsync(object? result = null, CancellationToken cancellationToken = default)
    {
        if (_nextCalled)
        {
            throw new InvalidOperationException($"NextAsync was already called in step {Index} of '{_parent.Id}'.");
        }

        _nextCalled = true;
        return _parent.NextStepAsync(DialogContext, _state, result, cancellationToken);
    }

    public Task<DialogTurnResult> PromptAsync(string dialogId, PromptOptions options, CancellationToken cancellationToken = default)
        => DialogContext.PromptAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> BeginDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
        => DialogContext.BeginDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> EndDialogAsync(object? result = null, CancellationToken cancellationToken = default)
        => DialogContext.EndDialogAsync(result, cancellationToken);

    public Task<DialogTurnResult> ReplaceDialogAsync(string dialogId, object? options = null, CancellationToken cancellationToken = default)
        => DialogContext.ReplaceDialogAsync(dialogId, options, cancellationToken);

    public Task<DialogTurnResult> CancelAllDialogsAsync(CancellationToken cancellationToken = default)
        => DialogContext.CancelAllDialogsAsync(cancellationToken);
}
