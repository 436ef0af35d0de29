using System.Text.Json;
using BotService.Dialogs;

namespace BotService.Tests.Dialogs;

public class DialogStateTests
{
    internal sealed record Plan(string Goal, int Days);

    internal sealed class PlanState
    {
        public int Mood { get; set; }
        public TimeOnly? At { get; set; }
        public Plan? Plan { get; set; }
        public List<string> Tags { get; set; } = [];
    }

    private static DialogSet PlanDialogs() => new DialogSet()
        .Add(new WaterfallDialog<PlanState>("plan")
            .AddStep((step, ct) =>
            {
                step.State.Mood = 3;
                step.State.At = new TimeOnly(7, 45);
                step.State.Plan = new Plan("walk", step.GetOptions<Plan>()?.Days ?? 0);
                step.State.Tags.Add("first");
                return step.PromptAsync("number", new PromptOptions { Prompt = "How many minutes?" }, ct);
            })
            .AddStep((step, ct) =>
            {
                step.State.Tags.Add($"minutes:{(step.TryGetPromptValue<int>(out var m) ? m : -1)}");
                step.State.Tags.Add($"days:{step.GetOptions<Plan>()!.Days}");
                return step.EndDialogAsync(step.State, ct);
            }))
        .Add(new NumberPrompt<int>("number") { MinValue = 0, MaxValue = 600 });

    [Fact]
    public async Task Waterfall_state_survives_serialization_in_the_middle_into_a_fresh_dialog_set()
    {
        var state = new DialogState();
        var first = new TurnContext(Activity.CreateMessageActivity("start"));
        var begun = await PlanDialogs().CreateContext(first, state).BeginDialogAsync("plan", new Plan("ignored", 14));
        Assert.Equal(DialogTurnStatus.Waiting, begun.Status);

        var json = DialogStateSerializer.ToJson(state);
        using (var doc = JsonDocument.Parse(json))
        {
            var plan = doc.RootElement.GetProperty("dialogStack")[1];
            Assert.Equal("plan", plan.GetProperty("id").GetString());
            Assert.Equal("07:45:00", plan.GetProperty("state").GetProperty("values").GetProperty("at").GetString());
            Assert.Equal(14, plan.GetProperty("state").GetProperty("options").GetProperty("days").GetInt32());
        }

        var restored = DialogStateSerializer.FromJson(json);
        var second = new TurnContext(Activity.CreateMessageActivity("about 20 min"));
        var result = await PlanDialogs().CreateContext(second, restored).ContinueDialogAsync();

        Assert.Equal(DialogTurnStatus.Complete, result.Status);
        var final = Assert.IsType<PlanState>(result.Result);
        Assert.Equal(3, final.Mood);
        Assert.Equal(new TimeOnly(7, 45), final.At);
        Assert.Equal(new Plan("walk", 14), final.Plan);
        Assert.Equal(["first", "minutes:20", "days:14"], final.Tags);
        Assert.Empty(restored.DialogStack);
    }

    [Fact]
    public void Untouched_instances_keep_their_json_and_last_activity_round_trips()
    {
        var at = new DateTimeOffset(2025, 3, 1, 9, 30, 0, TimeSpan.Zero);
        var json = """{"dialogStack":[{"id":"a","state":{"stepIndex":2,"values":{"x":1}}},{"id":"b"}],"lastActivityUtc":"2025-03-01T09:30:00+00:00"}""";

        var state = DialogStateSerializer.FromJson(json);
        Assert.Equal(at, state.LastActivityUtc);
        Assert.Equal(["a", "b"], state.DialogStack.Select(i => i.Id));
        Assert.Null(state.DialogStack[1].GetState<PlanState>());

        var again = DialogStateSerializer.FromJson(DialogStateSerializer.ToJson(state));
        Assert.Equal(2, again.DialogStack[0].GetState<WaterfallState<PlanState>>()!.StepIndex);
        Assert.Equal(at, again.LastActivityUtc);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Missing_json_is_an_empty_state(string? json)
    {
        var state = DialogStateSerializer.FromJson(json);
        Assert.Empty(state.DialogStack);
        Assert.Null(state.LastActivityUtc);
    }

    [Fact]
    public void Corrupt_json_throws_so_the_host_can_start_over()
        => Assert.ThrowsAny<JsonException>(() => DialogStateSerializer.FromJson("{not json"));

    [Fact]
    public void Reading_state_as_the_wrong_type_is_reported()
    {
        var instance = new DialogInstance("a", new PlanState());
        Assert.Throws<InvalidOperationException>(() => instance.GetState<WaterfallState<PlanState>>());
    }

    [Fact]
    public async Task Run_stamps_last_activity_from_the_inbound_timestamp()
    {
        var activity = Activity.CreateMessageActivity("hi");
        activity.Timestamp = new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.FromHours(-5));
        var state = new DialogState();
        await PlanDialogs().RunAsync(new TurnContext(activity), state, "plan");

        Assert.Equal(new DateTimeOffset(2025, 3, 1, 13, 0, 0, TimeSpan.Zero), state.LastActivityUtc);
        Assert.Equal(TimeSpan.Zero, state.LastActivityUtc!.Value.Offset);
    }

    [Fact]
    public async Task Unknown_dialog_ids_fail_clearly()
    {
        var dc = PlanDialogs().CreateContext(new TurnContext(Activity.CreateMessageActivity("x")), new DialogState());
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => dc.BeginDialogAsync("nope"));
        Assert.Contains("nope", error.Message);
        Assert.Throws<ArgumentException>(() => PlanDialogs().Add(new TextPrompt("number")));
    }
}
