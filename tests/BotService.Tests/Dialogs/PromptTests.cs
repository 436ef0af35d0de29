using BotService.Dialogs;

namespace BotService.Tests.Dialogs;

public class PromptTests
{
    internal sealed record NameRules(int MinLength);

    internal sealed class NameState
    {
        public string? Name { get; set; }
        public bool GaveUp { get; set; }
    }

    private static readonly List<int> Attempts = [];

    private static DialogSet NameDialogs(int maxAttempts = 2) => new DialogSet()
        .Add(new WaterfallDialog<NameState>("name")
            .AddStep((step, ct) => step.PromptAsync("text", new PromptOptions
            {
                Prompt = "What should we call you?",
                RetryPrompt = "Try again.",
                HelpText = "Any name of 3+ letters works. Text MENU for options.",
                Validations = new NameRules(3),
            }, ct))
            .AddStep((step, ct) =>
            {
                var result = Assert.IsType<PromptResult<string>>(step.Result);
                step.State.Name = result.Succeeded ? result.Value : null;
                step.State.GaveUp = result.GaveUp;
                return step.EndDialogAsync(step.State, ct);
            }))
        .Add(new TextPrompt("text", async (prompt, ct) =>
        {
            Attempts.Add(prompt.AttemptCount);

            // Validations come back as JSON on the second turn; GetValidations hides that.
            var rules = prompt.GetValidations<NameRules>()!;
            if (prompt.Recognized.Succeeded && prompt.Recognized.Value.Length >= rules.MinLength)
            {
                return true;
            }

            if (prompt.AttemptCount == 1)
            {
                await prompt.Context.SendActivityAsync($"At least {rules.MinLength} letters, please.", ct);
            }

            return false;
        }) { MaxAttempts = maxAttempts });

    [Fact]
    public async Task Validator_reads_validations_after_a_round_trip_and_its_own_reply_replaces_the_retry_prompt()
    {
        Attempts.Clear();
        var flow = new DialogTestFlow(() => NameDialogs(), "name");

        await flow.Send("hi");
        flow.AssertReply("What should we call you?");

        await flow.Send("Jo");
        flow.AssertReply("At least 3 letters, please.");
        flow.AssertNoReply();

        await flow.Send("Josefina");
        var result = Assert.IsType<NameState>(flow.LastResult!.Result);
        Assert.Equal("Josefina", result.Name);
        Assert.False(result.GaveUp);
        Assert.Equal([1, 2], Attempts);
    }

    [Fact]
    public async Task Gives_up_after_max_attempts_with_the_help_text()
    {
        var flow = new DialogTestFlow(() => NameDialogs(maxAttempts: 3), "name");
        await flow.Send("hi");
        flow.AssertReply("What should we call you?");
        await flow.Send("a");
        flow.AssertReply("At least 3 letters, please.");
        await flow.Send("b");
        flow.AssertReply("Try again.");
        await flow.Send("c");
        flow.AssertReply("Any name of 3+ letters works. Text MENU for options.");
        flow.AssertNoReply();

        Assert.Equal(DialogTurnStatus.Complete, flow.LastResult!.Status);
        Assert.True(Assert.IsType<NameState>(flow.LastResult.Result).GaveUp);
    }

    [Fact]
    public async Task A_prompt_on_its_own_ends_with_a_failed_result_when_the_member_gives_up()
    {
        var dialogs = new DialogSet().Add(new ConfirmPrompt("confirm"));
        var state = new DialogState();
        var dc = dialogs.CreateContext(new TurnContext(Activity.CreateMessageActivity("x")), state);
        await dc.PromptAsync("confirm", new PromptOptions { Prompt = "Ok?", HelpText = "Reply YES or NO." });

        foreach (var answer in new[] { "STOP", "maybe" })
        {
            var turn = new TurnContext(Activity.CreateMessageActivity(answer));
            state = DialogStateSerializer.FromJson(DialogStateSerializer.ToJson(state));
            var result = await dialogs.CreateContext(turn, state).ContinueDialogAsync();
            if (answer == "maybe")
            {
                Assert.Equal(DialogTurnStatus.Complete, result.Status);
                Assert.Equal(PromptResult<bool>.Failed(), result.Result);
                Assert.Equal("Reply YES or NO.", Assert.Single(turn.SentActivities).Text);
            }
            else
            {
                Assert.Equal(DialogTurnStatus.Waiting, result.Status);
                Assert.Equal("Ok?", Assert.Single(turn.SentActivities).Text);
            }
        }
    }

    [Fact]
    public async Task Confirm_prompt_suggests_localized_answers()
    {
        var dialogs = new DialogSet().Add(new ConfirmPrompt("confirm"));
        var activity = Activity.CreateMessageActivity("hola");
        activity.Locale = "es-US";
        var turn = new TurnContext(activity);
        await dialogs.CreateContext(turn, new DialogState()).PromptAsync("confirm", new PromptOptions { Prompt = "¿Seguimos?" });

        Assert.Equal(["Sí", "No"], Assert.Single(turn.SentActivities).SuggestedActions);
    }

    [Fact]
    public async Task Prompt_without_options_is_a_programming_error()
    {
        var dc = new DialogSet().Add(new TextPrompt("text")).CreateContext(new TurnContext(Activity.CreateMessageActivity("x")), new DialogState());
        await Assert.ThrowsAsync<ArgumentException>(() => dc.BeginDialogAsync("text", "not options"));
    }
}
