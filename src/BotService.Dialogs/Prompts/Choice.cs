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
