using BotService.Dialogs.Recognizers;

namespace BotService.Dialogs;

/// <summary>
/// Asks one question and waits for an answer it understands. A misunderstood answer gets the retry prompt;
/// after <see cref="MaxAttempts"/> misses the prompt sends <see cref="PromptOptions.HelpText"/> and ends with a
/// failed <see cref="PromptResult{T}"/>, so the conversation moves on instead of looping.
/// </summary>
public abstract class Prompt<T> : Dialog
{
    private readonly Func<PromptValidatorContext<T>, CancellationToken, Task<bool>>? _validator;

    protected Prompt(string dialogId, Func<PromptValidatorContext<T>, CancellationToken, Task<bool>>? validator = null)
        : base(dialogId)
    {
        _validator = validator;
    }

    /// <summary>Misunderstood answers allowed before giving up; at least 1.</summary>
    public int MaxAttempts { get; init; } = 2;

    /// <summary>Used when the activity has no locale ("en" or "es").</summary>
    public string? DefaultLocale { get; init; }

    public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
    {
        var promptOptions = options as PromptOptions
                            ?? throw new ArgumentException($"Prompt '{Id}' needs PromptOptions.", nameof(options));
        var state = new PromptState { Options = promptOptions };
        dc.ActiveDialog!.SetState(state);
        await OnPromptAsync(dc.Context, promptOptions, isRetry: false, cancellationToken);
        return EndOfTurn;
    }

    public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
    {
        if (dc.Context.Activity.Type != ActivityTypes.Message)
        {
            return EndOfTurn;
        }

        var state = GetPromptState(dc.ActiveDialog!);
        state.AttemptCount++;
        var recognized = await OnRecognizeAsync(dc.Context, state.Options, cancellationToken);
        var valid = recognized.Succeeded;
        if (_validator is not null)
        {
            valid = await _validator(new PromptValidatorContext<T>(dc.Context, recognized, state.Options, state.AttemptCount), cancellationToken);
        }

        if (valid)
        {
            return await dc.EndDialogAsync(PromptResult<T>.Success(recognized.Value), cancellationToken);
        }

        if (state.AttemptCount >= Math.Max(1, MaxAttempts))
        {
            if (!string.IsNullOrWhiteSpace(state.Options.HelpText))
            {
                await dc.Context.SendActivityAsync(state.Options.HelpText, cancellationToken);
            }

            return await dc.EndDialogAsync(PromptResult<T>.Failed(), cancellationToken);
        }

        if (!dc.Context.Responded)
        {
            await OnPromptAsync(dc.Context, state.Options, isRetry: true, cancellationToken);
        }

        return EndOfTurn;
    }

    /// <summary>A child ended on top of this prompt (rare); ask the question again and keep waiting.</summary>
    public override async Task<DialogTurnResult> ResumeDialogAsync(DialogContext dc, DialogReason reason, object? result = null, CancellationToken cancellationToken = default)
    {
        await RepromptDialogAsync(dc.Context, dc.ActiveDialog!, cancellationToken);
        return EndOfTurn;
    }

    public override Task RepromptDialogAsync(ITurnContext turnContext, DialogInstance instance, CancellationToken cancellationToken = default)
        => OnPromptAsync(turnContext, GetPromptState(instance).Options, isRetry: false, cancellationToken);

    /// <summary>Sends the question (or the retry question).</summary>
    protected virtual Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        var text = isRetry ? options.RetryPrompt ?? options.Prompt : options.Prompt;
        return string.IsNullOrWhiteSpace(text)
            ? Task.CompletedTask
            : turnContext.SendActivityAsync(text, cancellationToken);
    }

    protected abstract Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken);

    /// <summary>"en" or "es" for the recognizers: the activity's locale, else <see cref="DefaultLocale"/>.</summary>
    protected string GetLanguage(ITurnContext turnContext)
        => TextNormalizer.Language(turnContext.Activity.Locale ?? DefaultLocale);

    private PromptState GetPromptState(DialogInstance instance)
        => instance.GetState<PromptState>() ?? throw new InvalidOperationException($"Prompt '{Id}' has no state.");

    /// <summary>What a prompt persists between the question and the answer.</summary>
    public sealed class PromptState
    {
        public PromptOptions Options { get; set; } = new();
        public int AttemptCount { get; set; }
    }
}
