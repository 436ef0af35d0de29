namespace BotService.Dialogs;

public enum DialogTurnStatus
{
    /// <summary>No dialog was active; the caller usually begins its root dialog.</summary>
    Empty,

    /// <summary>The active dialog waits for the member's next message.</summary>
    Waiting,

    /// <summary>The last dialog on the stack ended; see <see cref="DialogTurnResult.Result"/>.</summary>
    Complete,

    /// <summary>The stack was cancelled.</summary>
    Cancelled,
}
