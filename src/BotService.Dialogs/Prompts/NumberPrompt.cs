using System.Numerics;
using BotService.Dialogs.Recognizers;

namespace BotService.Dialogs;

/// <summary>
/// A whole number, optionally within <see cref="MinValue"/>..<see cref="MaxValue"/>. A number outside the range
/// counts as misunderstood. With <see cref="AllowMoodWords"/> a mood word ("bien", "awful") is read on the 1-5 scale.
/// </summary>
public sealed class NumberPrompt<T>(string dialogId, Func<PromptValidatorContext<T>, CancellationToken, Task<bool>>? validator = null)
    : Prompt<T>(dialogId, validator)
    where T : struct, INumber<T>
{
    public T? MinValue { get; init; }
    public T? MaxValue { get; init; }
    public bool AllowMoodWords { get; init; }

    protected override Task<PromptRecognizerResult<T>> OnRecognizeAsync(ITurnContext turnContext, PromptOptions options, CancellationToken cancellationToken)
    {
        var language = GetLanguage(turnContext);
        var text = turnContext.Activity.Text;
        var number = NumberRecognizer.Recognize(text, language);
        if (number is null && AllowMoodWords)
        {
            number = MoodRecognizer.Recognize(text, language);
        }

        if (number is not { } found || !TryCreate(found, out var value))
        {
            return Task.FromResult(PromptRecognizerResult<T>.NotRecognized());
        }

        var inRange = (MinValue is not { } min || value >= min) && (MaxValue is not { } max || value <= max);
        return Task.FromResult(inRange ? PromptRecognizerResult<T>.Success(value) : PromptRecognizerResult<T>.NotRecognized());
    }

    private static bool TryCreate(int found, out T value)
    {
        try
        {
            value = T.CreateChecked(found);
            return true;
        }
        catch (OverflowException)
        {
            value = default;
            return false;
        }
    }
}
