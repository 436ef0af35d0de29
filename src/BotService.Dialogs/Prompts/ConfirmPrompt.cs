using BotService.Dialogs.Recognizers;

namespace BotService.Dialogs;

/// <summary>Yes or no, in English or Spanish. Opt-out words are never taken as "no".</summary>
public sealed class ConfirmPrompt(string dialogId, Func<PromptValidatorContext<bool>, CancellationToken, Task<bool>>? validator = null)
    : Prompt<bool>(dialogId, validator)
{
    protected override Task OnPromptAsync(ITurnContext turnContext, PromptOptions options, bool isRetry, CancellationToken cancellationToken)
    {
        var text = isRetry ? options.RetryPrompt ?? options.Prompt : options.Prompt;
        if (string.IsNullOrWhiteSpace(text))
        {
            return Task.CompletedTask;
        }

        var activity = Activity.CreateMessageActivity(text);
        activity.SuggestedActions = GetLanguage(turnContext) == "es" ? ["Sí", "No"] : ["Yes", "No"];
        return turnContext.SendActivityAsync(activity, cancellationToken);
    }

    protected override Task<PromptRecognizerResult<bool>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        var answer = ConfirmRecognizer.Recognize(turnContext.Activity.Text, GetLanguage(turnContext));
        return Task.FromResult(answer is { } value
            ? PromptRecognizerResult<bool>.Success(value)
            : PromptRecognizerResult<bool>.NotRecognized());
    }
}
