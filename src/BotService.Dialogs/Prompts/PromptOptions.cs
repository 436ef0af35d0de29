using System.Text.Json;

namespace BotService.Dialogs;

/// <summary>
/// What a prompt says. Persisted with the prompt between turns, so keep it to plain data;
/// the host fills the texts from its content in the member's language.
/// </summary>
public sealed class PromptOptions
{
    public string? Prompt { get; set; }

    /// <summary>Sent after a misunderstood answer; <see cref="Prompt"/> is repeated when null.</summary>
    public string? RetryPrompt { get; set; }

    /// <summary>
    /// Sent when the member gave up on the format after <see cref="Prompt{T}.MaxAttempts"/> misses: how to answer,
    /// and that MENU is always there. The prompt then ends with a failed <see cref="PromptResult{T}"/>.
    /// </summary>
    public string? HelpText { get; set; }

    public List<Choice>? Choices { get; set; }

    /// <summary>
    /// Extra data for a validator. Arrives as a JsonElement after a round trip; read it with
    /// <see cref="PromptValidatorContext{T}.GetValidations{TValidations}"/>.
    /// </summary>
    public object? Validations { get; set; }

    internal TValidations? GetValidations<TValidations>() => Validations switch
    {
        null => default,
        TValidations typed => typed,
        JsonElement json => json.Deserialize<TValidations>(DialogStateSerializer.Options),
        _ => throw new InvalidOperationException($"Validations are {Validations.GetType().Name}, not {typeof(TValidations).Name}."),
    };
}

/// <summary>What a prompt ends with. <see cref="Succeeded"/> is false when the member gave up after the help text.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "The factories read as the result they make (PromptResult<int>.Failed()); prompts always know T.")]
public sealed record PromptResult<T>(bool Succeeded, T Value)
{
    public bool GaveUp => !Succeeded;

    public static PromptResult<T> Success(T value) => new(true, value);

    public static PromptResult<T> Failed() => new(false, default!);
}

/// <summary>What a prompt understood from the answer, before validation.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1000", Justification = "The factories read as the result they make; recognizers always know T.")]
public sealed class PromptRecognizerResult<T>
{
    public bool Succeeded { get; set; }
    public T Value { get; set; } = default!;

    public static PromptRecognizerResult<T> Success(T value) => new() { Succeeded = true, Value = value };

    public static PromptRecognizerResult<T> NotRecognized() => new();
}

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
