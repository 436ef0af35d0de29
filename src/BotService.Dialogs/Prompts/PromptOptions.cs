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
