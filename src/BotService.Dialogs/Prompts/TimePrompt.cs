using BotService.Dialogs.Recognizers;

namespace BotService.Dialogs;

/// <summary>A time of day such as "8pm", "20:00" or "8 de la noche". A bare "8" is 08:00; use a validator to confirm it.</summary>
public sealed class TimePrompt(string dialogId, Func<PromptValidatorContext<TimeOnly>, CancellationToken, Task<bool>>? validator = null)
    : Prompt<TimeOnly>(dialogId, validator)
{
    protected override Task<PromptRecognizerResult<TimeOnly>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        var time = TimeRecognizer.Recognize(turnContext.Activity.Text, GetLanguage(turnContext));
        return Task.FromResult(time is { } value
            ? PromptRecognizerResult<TimeOnly>.Success(value)
            : PromptRecognizerResult<TimeOnly>.NotRecognized());
    }
}
