using BotService.Dialogs;

namespace BotService.Tests.Dialogs;

public class CustomDialogTests
{
    internal sealed class CounterState
    {
        public int Count { get; set; }
    }

    /// <summary>A hand-written dialog, as a host might write for a one-off flow.</summary>
    private sealed class CounterDialog(List<DialogReason> ended) : Dialog("counter")
    {
        public override async Task<DialogTurnResult> BeginDialogAsync(DialogContext dc, object? options = null, CancellationToken cancellationToken = default)
        {
            dc.ActiveDialog!.SetState(new CounterState());
            await dc.Context.SendActivityAsync("Say anything, 'done' to finish.", cancellationToken);
            return EndOfTurn;
        }

        public override async Task<DialogTurnResult> ContinueDialogAsync(DialogContext dc, CancellationToken cancellationToken = default)
        {
            var state = dc.ActiveDialog!.GetState<CounterState>()!;
            if (dc.Context.Activity.Text == "done")
            {
                return await dc.EndDialogAsync(state.Count, cancellationToken);
            }

            state.Count++;
            return EndOfTurn;
        }

        public override Task EndDialogAsync(ITurnContext turnContext, DialogInstance instance, DialogReason reason, CancellationToken cancellationToken = default)
        {
            ended.Add(reason);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_custom_dialog_keeps_typed_state_across_turns_and_hears_why_it_ended()
    {
        List<DialogReason> ended = [];
        var flow = new DialogTestFlow(() => new DialogSet().Add(new CounterDialog(ended)), "counter");

        await flow.Send("start");
        flow.AssertReply("Say anything, 'done' to finish.");
        await flow.Send("a");
        await flow.Send("b");
        await flow.Send("done");

        Assert.Equal(DialogTurnStatus.Complete, flow.LastResult!.Status);
        Assert.Equal(2, flow.LastResult.Result);
        Assert.Equal([DialogReason.EndCalled], ended);

        var dc = new DialogSet().Add(new CounterDialog(ended)).CreateContext(new TurnContext(Activity.CreateMessageActivity("x")), new DialogState());
        await dc.BeginDialogAsync("counter");
        await dc.CancelAllDialogsAsync();
        Assert.Equal([DialogReason.EndCalled, DialogReason.CancelCalled], ended);
    }

    [Fact]
    public async Task Next_can_only_be_called_once_per_step()
    {
        var dialogs = new DialogSet().Add(new WaterfallDialog<CounterState>("w")
            .AddStep(async (step, ct) =>
            {
                await Assert.ThrowsAsync<InvalidOperationException>(async () =>
                {
                    await step.NextAsync(null, ct);
                    await step.NextAsync(null, ct);
                });
                return Dialog.EndOfTurn;
            })
            .AddStep((step, ct) => Task.FromResult(Dialog.EndOfTurn)));

        var state = new DialogState();
        await dialogs.RunAsync(new TurnContext(Activity.CreateMessageActivity("x")), state, "w");
        Assert.Equal(1, state.DialogStack.Single().GetState<WaterfallState<CounterState>>()!.StepIndex);
    }
}
