namespace BotService.Dialogs;

/// <summary>One option of a <see cref="ChoicePrompt"/>: the title shown, plus words members may type instead.</summary>
public sealed class Choice
{
    public Choice()
    {
    }

    public Choice(string value, params string[] synonyms)
    {
        Value = value;
        Synonyms = [.. synonyms];
    }

    /// <summary>The title shown to the member and returned as <see cref="FoundChoice.Value"/>.</summary>
    public string Value { get; set; } = "";

    public List<string>? Synonyms { get; set; }
}

/// <summary>The option a member picked; <see cref="Index"/> is zero-based.</summary>
public sealed record FoundChoice(string Value, int Index);

public static class ChoiceFactory
{
    public static List<Choice> ToChoices(IEnumerable<string> titles) => [.. titles.Select(t => new Choice(t))];

    public static List<Choice> ToChoices(params string[] titles) => ToChoices((IEnumerable<string>)titles);
}
