namespace BotService.Dialogs;

/// <summary>What a prompt understood from the answer, before validation.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "The factories read as the result they make; recognizers always know T.")]
public sealed class PromptRecognizerResult<T>
{
    public bool Succeeded { get; set; }
    public T Value { get; set; } = default!;

    public static PromptRecognizerResult<T> Success(T value) => new() { Succeeded = true, Value = value };

    public static PromptRecognizerResult<T> NotRecognized() => new();
}
