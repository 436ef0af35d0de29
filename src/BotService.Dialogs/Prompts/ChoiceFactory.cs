namespace BotService.Dialogs;

public static class ChoiceFactory
{
    public static List<Choice> ToChoices(IEnumerable<string> titles) => [.. titles.Select(t => new Choice(t))];

    public static List<Choice> ToChoices(params string[] titles) => ToChoices((IEnumerable<string>)titles);
}
