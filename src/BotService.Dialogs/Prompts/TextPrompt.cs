namespace BotService.Dialogs;

/// <summary>Any non-blank text; the validator decides the rest (length, content).</summary>
public sealed class TextPrompt(string dialogId, Func<PromptValidatorContext<string>, CancellationToken, Task<bool>>? validator = null)
    : Prompt<string>(dialogId, validator)
{
    protected override Task<PromptRecognizerResult<string>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        var text = turnContext.Activity.Text?.Trim();
        return Task.FromResult(string.IsNullOrEmpty(text)
            ? PromptRecognizerResult<string>.NotRecognized()
            : PromptRecognizerResult<string>.Success(text));
    }
}
