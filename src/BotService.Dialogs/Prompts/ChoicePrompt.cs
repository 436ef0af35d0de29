using BotService.Dialogs.Recognizers;

namespace BotService.Dialogs;

/// <summary>Picks one of <see cref="PromptOptions.Choices"/> by number, title or synonym.</summary>
public sealed class ChoicePrompt(string dialogId, Func<PromptValidatorContext<FoundChoice>, CancellationToken, Task<bool>>? validator = null)
    : Prompt<FoundChoice>(dialogId, validator)
{
    public ListStyle Style { get; init; } = ListStyle.List;

    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        var text = isRetry ? options.RetryPrompt ?? options.Prompt : options.Prompt;
        var choices = options.Choices ?? [];
        if (Style == ListStyle.List && choices.Count > 0)
        {
            var lines = choices.Select((c, i) => $"{i + 1}. {c.Value}");
            text = string.Join('\n', string.IsNullOrWhiteSpace(text) ? lines : lines.Prepend(text));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.CompletedTask;
        }

        var activity = Activity.CreateMessageActivity(text);
        activity.SuggestedActions = [.. choices.Select(c => c.Value)];
        return turnContext.SendActivityAsync(activity, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<FoundChoice>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        var found = ChoiceRecognizer.Recognize(turnContext.Activity.Text, options.Choices ?? [], GetLanguage(turnContext));
        return Task.FromResult(found is null
            ? PromptRecognizerResult<FoundChoice>.NotRecognized()
            : PromptRecognizerResult<FoundChoice>.Success(found));
    }
}
