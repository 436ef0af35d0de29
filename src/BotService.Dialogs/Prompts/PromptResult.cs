namespace BotService.Dialogs;

/// <summary>What a prompt ends with. <see cref="Succeeded"/> is false when the member gave up after the help text.</summary>
public sealed record PromptResult<T>(bool Succeeded, T Value)
{
    public bool GaveUp => !Succeeded;

    public static PromptResult<T> Success(T value) => new(true, value);

    public static PromptResult<T> Failed() => new(false, default!);
}
