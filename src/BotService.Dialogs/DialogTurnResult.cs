namespace BotService.Dialogs;

public sealed class DialogTurnResult
{
    public DialogTurnResult(DialogTurnStatus status, object? result = null)
    {
        Status = status;
        Result = result;
    }

    public DialogTurnStatus Status { get; }
    public object? Result { get; }

    public override string ToString() => $"{Status} ({Result ?? "no result"})";
}
