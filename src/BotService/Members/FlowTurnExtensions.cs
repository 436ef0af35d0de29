using BotService.Dialogs;

namespace BotService.Members;

public static class FlowTurnExtensions
{
    public static FlowContext Flow(this ITurnContext turn) =>
        turn.TurnState.Get<FlowContext>() ?? throw new InvalidOperationException("The turn has no FlowContext.");

    public static Task SayAsync(this ITurnContext turn, string key, params (string Name, object? Value)[] values) =>
        turn.SendActivityAsync(turn.Flow().T(key, values));
}
