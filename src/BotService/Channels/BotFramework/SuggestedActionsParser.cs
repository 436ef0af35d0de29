using System.Text.RegularExpressions;

namespace BotService.Channels.BotFramework;

/// <summary>
/// The dialogs are written for SMS, so a choice is a numbered list of lines ("1 Morning", "2 Evening"). Channels with
/// buttons get the same choices as suggested actions; pressing one sends back the number, exactly what an SMS member
/// would type, so the dialogs need not know which channel she is on. The text itself is kept unchanged.
/// </summary>
public static partial class SuggestedActionsParser
{
    // "1 Morning", "1. Morning", "1) Morning", "1 - Morning"; numbers 1-99.
    [GeneratedRegex(@"^\s*(?<n>[1-9][0-9]?)\s*(?:[.)]|-)?\s+(?<label>\S.*?)\s*$")]
    private static partial Regex Choice();

    /// <summary>Null unless the text holds a run of at least two lines numbered 1, 2, 3... in order.</summary>
    public static SuggestedActions? Parse(string text)
    {
        var actions = new List<CardAction>();
        foreach (var line in text.Split('\n'))
        {
            var m = Choice().Match(line.TrimEnd('\r'));
            if (!m.Success) continue;
            var n = int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (n == actions.Count + 1)
                actions.Add(new CardAction { Type = ActivityTypeNames.ImBack, Title = m.Groups["label"].Value, Value = m.Groups["n"].Value });
            else if (n == 1)
            {
                // A second list starts: only the last one is the question being asked.
                actions.Clear();
                actions.Add(new CardAction { Type = ActivityTypeNames.ImBack, Title = m.Groups["label"].Value, Value = "1" });
            }
        }
        return actions.Count >= 2 ? new SuggestedActions { Actions = actions } : null;
    }
}
