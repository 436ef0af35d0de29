using System.Text.Json;
using BotService.Dialogs;

namespace BotService.Tests.Dialogs;

public class WaterfallFlowTests
{
    private static DialogTestFlow CheckinFlow(string locale = "en") => new(CheckinDialogs.Create, "checkin", locale)
    {
        OnTurn = turn => turn.TurnState.Set(new MemberProfile("Ana")),
    };

    [Fact]
    public async Task Begin_continue_and_end_with_typed_state()
    {
        var flow = CheckinFlow();

        await flow.Send("hi");
        flow.AssertReply("Hi Ana, how are you today, 1-5?");
        Assert.Equal(DialogTurnStatus.Waiting, flow.LastResult!.Status);
        Assert.Equal(["mood", "checkin"], flow.StackIds);

        await flow.Send("its like a 4 today");
        flow.AssertReply("What time should I check in tomorrow?");

        await flow.Send("8:30 pm");
        flow.AssertReply("Mood 4, peer -, reminder 20:30");
        flow.AssertNoReply();

        Assert.Equal(DialogTurnStatus.Complete, flow.LastResult!.Status);
        var final = Assert.IsType<CheckinState>(flow.LastResult.Result);
        Assert.Equal(4, final.Mood);
        Assert.Equal(new TimeOnly(20, 30), final.ReminderTime);
        Assert.Equal(["mood-step"], final.Notes);
        Assert.Empty(flow.StackIds);
    }

    [Fact]
    public async Task Child_dialog_result_resumes_the_parent_waterfall()
    {
        var flow = CheckinFlow("es");

        await flow.Send("hola");
        flow.AssertReply("Hi Ana, how are you today, 1-5?");

        await flow.Send("mal");
        flow.AssertReply("Sorry it's a 2 day. Want a peer to text you?");
        Assert.Equal(["confirm", "support", "checkin"], flow.StackIds);

        await flow.Send("sí, claro");
        flow.AssertReply("What time should I check in tomorrow?");
        Assert.Equal(["reminder", "checkin"], flow.StackIds);

        await flow.Send("8 de la noche");
        flow.AssertReply("Mood 2, peer True, reminder 20:00");
        Assert.Equal(DialogTurnStatus.Complete, flow.LastResult!.Status);
    }

    [Fact]
    public async Task Misunderstood_answer_gets_the_retry_prompt_then_the_answer_is_taken()
    {
        var flow = CheckinFlow();
        await flow.Send("hi");
        flow.AssertReply("Hi Ana, how are you today, 1-5?");

        await flow.Send("banana");
        flow.AssertReply("Please answer 1 to 5.");
        Assert.Equal(DialogTurnStatus.Waiting, flow.LastResult!.Status);

        await flow.Send("THREE");
        flow.AssertReply("What time should I check in tomorrow?");
    }

    [Fact]
    public async Task Two_misses_send_the_help_text_and_the_waterfall_moves_on()
    {
        var flow = CheckinFlow();
        await flow.Send("hi");
        flow.AssertReply("Hi Ana, how are you today, 1-5?");

        await flow.Send("banana");
        flow.AssertReply("Please answer 1 to 5.");

        // 7 is a number but out of range: still a miss.
        await flow.Send("7");
        flow.AssertReply(CheckinDialogs.MoodHelp);
        flow.AssertReply("What time should I check in tomorrow?");

        await flow.Send("whenever");
        flow.AssertReply("Try a time like 8pm.");
        await flow.Send("25:00");
        flow.AssertReply("Send a time like 8am or 20:00.");
        flow.AssertReply("Mood -, peer -, reminder -");
        Assert.Equal(DialogTurnStatus.Complete, flow.LastResult!.Status);
    }

    [Fact]
    public async Task Every_turn_round_trips_through_json_with_typed_state()
    {
        var flow = CheckinFlow();
        await flow.Send("hi");
        await flow.Send("1");
        await flow.Send("nope");

        Assert.Equal(3, flow.JsonHistory.Count);
        using var doc = JsonDocument.Parse(flow.JsonHistory[1]);
        var stack = doc.RootElement.GetProperty("dialogStack");
        Assert.Equal(["confirm", "support", "checkin"], stack.EnumerateArray().Select(e => e.GetProperty("id").GetString()));

        var checkin = stack[2].GetProperty("state");
        Assert.Equal(1, checkin.GetProperty("stepIndex").GetInt32());
        Assert.Equal(1, checkin.GetProperty("values").GetProperty("mood").GetInt32());
        Assert.Equal(1, stack[1].GetProperty("state").GetProperty("values").GetProperty("mood").GetInt32());
        Assert.Equal("Please reply YES or NO.", stack[0].GetProperty("state").GetProperty("options").GetProperty("retryPrompt").GetString());

        var restored = flow.RestoredState.DialogStack.Single(i => i.Id == "checkin").GetState<WaterfallState<CheckinState>>()!;
        Assert.False(restored.Values.WantsPeer);
        Assert.Equal(2, restored.StepIndex);
    }

    [Fact]
    public async Task Cancel_all_empties_the_stack_and_the_next_message_starts_over()
    {
        var flow = new DialogTestFlow(CheckinDialogs.Create, "checkin")
        {
            Interrupt = async dc =>
            {
                if (!string.Equals(dc.Context.Activity.Text?.Trim(), "MENU", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }

                var result = await dc.CancelAllDialogsAsync();
                await dc.Context.SendActivityAsync("MENU: 1 check in, 2 talk to a peer");
                return result;
            },
        };

        await flow.Send("hi");
        flow.AssertReply("Hi friend, how are you today, 1-5?");
        await flow.Send("1");
        flow.AssertReply("Sorry it's a 1 day. Want a peer to text you?");

        await flow.Send("menu");
        flow.AssertReply("MENU: 1 check in, 2 talk to a peer");
        Assert.Equal(DialogTurnStatus.Cancelled, flow.LastResult!.Status);
        Assert.Empty(flow.StackIds);

        await flow.Send("hi");
        flow.AssertReply("Hi friend, how are you today, 1-5?");
    }

    [Fact]
    public async Task Cancel_all_on_an_empty_stack_is_empty()
    {
        var dc = CheckinDialogs.Create().CreateContext(new TurnContext(Activity.CreateMessageActivity("x")), new DialogState());
        Assert.Equal(DialogTurnStatus.Empty, (await dc.CancelAllDialogsAsync()).Status);
        Assert.Equal(DialogTurnStatus.Empty, (await dc.ContinueDialogAsync()).Status);
    }

    [Fact]
    public async Task Non_message_activities_do_not_advance_a_prompt()
    {
        var flow = CheckinFlow();
        await flow.Send("hi");
        flow.AssertReply("Hi Ana, how are you today, 1-5?");

        await flow.Send(new Activity { Type = ActivityTypes.ConversationUpdate });
        flow.AssertNoReply();
        Assert.Equal(DialogTurnStatus.Waiting, flow.LastResult!.Status);

        await flow.Send("5");
        flow.AssertReply("What time should I check in tomorrow?");
    }

    [Fact]
    public async Task Reprompt_repeats_the_active_question()
    {
        var dialogs = CheckinDialogs.Create();
        var state = new DialogState();
        await dialogs.RunAsync(new TurnContext(Activity.CreateMessageActivity("hi")), state, "checkin");

        var restored = DialogStateSerializer.FromJson(DialogStateSerializer.ToJson(state));
        var turn = new TurnContext(Activity.CreateMessageActivity("HELP"));
        await CheckinDialogs.Create().CreateContext(turn, restored).RepromptDialogAsync();

        Assert.Equal("Hi friend, how are you today, 1-5?", Assert.Single(turn.SentActivities).Text);
    }

    [Fact]
    public async Task Replace_dialog_loops_a_menu_without_growing_the_stack()
    {
        static DialogSet Menu() => new DialogSet()
            .Add(new WaterfallDialog<MenuState>("menu")
                .AddStep((step, ct) => step.PromptAsync("pick", new PromptOptions
                {
                    Prompt = $"Menu (visit {step.State.Visits + 1}):",
                    Choices = ChoiceFactory.ToChoices("Talk to a peer", "Coping tips", "Done"),
                    HelpText = "Reply with 1, 2 or 3.",
                }, ct))
                .AddStep(async (step, ct) =>
                {
                    if (!step.TryGetPromptValue<FoundChoice>(out var choice) || choice.Value == "Done")
                    {
                        return await step.EndDialogAsync(step.State.Visits, ct);
                    }

                    await step.Context.SendActivityAsync($"You picked {choice.Value}.", ct);
                    return await step.ReplaceDialogAsync("menu", new MenuState { Visits = step.State.Visits + 1 }, ct);
                }))
            .Add(new ChoicePrompt("pick"));

        var flow = new DialogTestFlow(Menu, "menu");
        await flow.Send("hi");
        var menu = flow.AssertReply("Menu (visit 1):\n1. Talk to a peer\n2. Coping tips\n3. Done");
        Assert.Equal(["Talk to a peer", "Coping tips", "Done"], menu.SuggestedActions);

        await flow.Send("#2");
        flow.AssertReply("You picked Coping tips.");
        flow.AssertReply("Menu (visit 2):\n1. Talk to a peer\n2. Coping tips\n3. Done");
        Assert.Equal(["pick", "menu"], flow.StackIds);

        await flow.Send("peer");
        flow.AssertReply("You picked Talk to a peer.");
        flow.AssertReply("Menu (visit 3):\n1. Talk to a peer\n2. Coping tips\n3. Done");

        await flow.Send("done");
        Assert.Equal(DialogTurnStatus.Complete, flow.LastResult!.Status);
        Assert.Equal(2, flow.LastResult.Result);
    }

    internal sealed class MenuState
    {
        public int Visits { get; set; }
    }
}
