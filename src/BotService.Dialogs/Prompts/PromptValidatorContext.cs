namespace BotService.Dialogs;

public sealed class PromptValidatorContext<T>
{
    internal PromptValidatorContext(ITurnContext context, PromptRecognizerResult<T> recognized, PromptOptions options, int attemptCount)
    {
        Context = context;
        Recognized = recognized;
        Options = options;
        AttemptCount = attemptCount;
    }

    public ITurnContext Context { get; }
    public PromptRecognizerResult<T> Recognized { get; }
    public PromptOptions Options { get; }

    /// <summary>1 on the first answer, 2 on the second...</summary>
    public int AttemptCount { get; }

    public TValidations? GetValidations<TValidations>() => Options.GetValidations<TValidations>();
}
