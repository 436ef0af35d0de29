namespace BotService.Dialogs;

/// <summary>Everything the host persists for one member between turns.</summary>
public sealed class DialogState
{
    public DialogState()
    {
    }

    public DialogState(IEnumerable<DialogInstance> stack) => DialogStack.AddRange(stack);

    /// <summary>The stack, active dialog first (index 0), as in the Bot Framework.</summary>
    public List<DialogInstance> DialogStack { get; } = [];

    /// <summary>When the member last spoke to a dialog; the host decides when an old conversation expires.</summary>
    public DateTimeOffset? LastActivityUtc { get; set; }
}
