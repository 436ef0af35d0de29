namespace BotService.Dialogs;

/// <summary>
/// A dialog is stateless code; everything that must survive between turns lives in its
/// <see cref="DialogInstance"/> on the stack, which the host persists as JSON.
/// </summary>
public abstract class Dialog
{
    /// <summary>Returned by a dialog that has sent its question and waits for the answer.</summary>
    public static readonly DialogTurnResult EndOfTurn = new(DialogTurnStatus.Waiting);

    protected Dialog(string dialogId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dialogId);
        Id = dialogId;
    }

    public string Id { get; }

    public abstract Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default);

    /// <summary>The member answered while this dialog was on top. The default ends the dialog.</summary>
    public virtual Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
        => dc.EndDialogAsync(null, cancellationToken);

    /// <summary>A child this dialog started has ended. The default ends this dialog with the child's result.</summary>
    public virtual Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken cancellationToken = default)
        => dc.EndDialogAsync(result, cancellationToken);

    /// <summary>Asks the current question again, e.g. after the host handled an interruption such as HELP.</summary>
    public virtual Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default)
        => Task.CompletedTask;

    /// <summary>Called as the instance leaves the stack (ended, replaced or cancelled); a place for clean-up.</summary>
    public virtual Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken = default)
        => Task.CompletedTask;
}
