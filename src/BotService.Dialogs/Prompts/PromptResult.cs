namespace BotService.Dialogs;

/// <summary>What a prompt ends with. <see cref="Succeeded"/> is false when the member gave up after the help text.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "The factories read as the result they make (PromptResult<int>.Failed()); prompts always know T.")]
public sealed record PromptResult<T>(bool Succeeded, T Value)
{
    public bool GaveUp => !Succeeded;

    public static PromptResult<T> Success(T value) => new(true, value);

    public static PromptResult<T> Failed() => new(false, default!);
}
