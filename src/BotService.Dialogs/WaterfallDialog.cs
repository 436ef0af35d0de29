using System.Text.Json;

namespace BotService.Dialogs;

/// <summary>
/// Runs its steps in order, one step per answer. <typeparamref name="TState"/> is the typed record the steps
/// read and write (<c>step.State.Mood = 3</c>); it is persisted with the stack between turns.
/// Passing a <typeparamref name="TState"/> as the begin options seeds the state.
/// </summary>
public class WaterfallDialog<TState> : Dialog where TState : class, new()
{
    private readonly List<Func<WaterfallStepContext<TState>, CancellationToken, Task<DialogTurnResult>>> _steps = [];

    public WaterfallDialog(string dialogId, IEnumerable<Func<WaterfallStepContext<TState>, CancellationToken, Task<DialogTurnResult>>>? steps = null)
        : base(dialogId)
    {
        if (steps is not null)
        {
            _steps.AddRange(steps);
        }
    }

    public WaterfallDialog<TState> AddStep(Func<WaterfallStepContext<TState>, CancellationToken, Task<DialogTurnResult>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        _steps.Add(step);
        return this;
    }

    public override Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
    {
        var state = new WaterfallState<TState>
        {
            StepIndex = -1,
            Values = options as TState ?? new TState(),
            Options = options is null or TState ? null : JsonSerializer.SerializeToElement(options, options.GetType(), DialogStateSerializer.Options),
        };
        dc.ActiveDialog!.SetState(state);
        return RunStepAsync(dc, state, 0, DialogReason.BeginCalled, options, null, cancellationToken);
    }

    public override Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        // Typing indicators or conversation updates must not advance the waterfall.
        if (dc.Context.Activity.Type != ActivityTypes.Message)
        {
            return Task.FromResult(EndOfTurn);
        }

        return ResumeDialogAsync(dc, DialogReason.ContinueCalled, dc.Context.Activity.Text, cancellationToken);
    }

    public override Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken cancellationToken = default)
    {
        var state = GetWaterfallState(dc.ActiveDialog!);
        return RunStepAsync(dc, state, state.StepIndex + 1, reason, null, result, cancellationToken);
    }

    internal Task<DialogTurnResult> NextStepAsync(DialogContext dc, WaterfallState<TState> state, object? result, CancellationToken cancellationToken)
        => RunStepAsync(dc, state, state.StepIndex + 1, DialogReason.NextCalled, null, result, cancellationToken);

    private async Task<DialogTurnResult> RunStepAsync(DialogContext dc, WaterfallState<TState> state, int index, DialogReason reason, object? beginOptions, object? result, CancellationToken cancellationToken)
    {
        if (index >= _steps.Count)
        {
            // Falling off the end returns the last result, as in the Bot Framework.
            return await dc.EndDialogAsync(result, cancellationToken);
        }

        state.StepIndex = index;
        var options = beginOptions ?? (state.Options is { } json ? json : null);
        var step = new WaterfallStepContext<TState>(this, dc, state, index, reason, options, result);
        return await _steps[index](step, cancellationToken);
    }

    private static WaterfallState<TState> GetWaterfallState(DialogInstance instance)
        => instance.GetState<WaterfallState<TState>>()
           ?? throw new InvalidOperationException($"Dialog '{instance.Id}' has no waterfall state.");
}
