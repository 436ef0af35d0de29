using System.Globalization;
using BotService.Dialogs;

namespace BotService.Tests.Dialogs;

internal sealed record MemberProfile(string FirstName);

internal sealed class CheckinState
{
    public int? Mood { get; set; }
    public bool? WantsPeer { get; set; }
    public TimeOnly? ReminderTime { get; set; }
    public List<string> Notes { get; set; } = [];
}

internal sealed class SupportState
{
    public int Mood { get; set; }
}

/// <summary>A check-in like the real one: mood, a support child dialog for low moods, a reminder time.</summary>
internal static class CheckinDialogs
{
    public const string MoodHelp = "Reply with a number from 1 (awful) to 5 (great). Text MENU for options.";

    public static DialogSet Create()
    {
        var checkin = new WaterfallDialog<CheckinState>("checkin")
            .AddStep(async (step, ct) =>
            {
                var name = step.Context.TurnState.Get<MemberProfile>()?.FirstName ?? "friend";
                return await step.PromptAsync("mood", new PromptOptions
                {
                    Prompt = $"Hi {name}, how are you today, 1-5?",
                    RetryPrompt = "Please answer 1 to 5.",
                    HelpText = MoodHelp,
                }, ct);
            })
            .AddStep(async (step, ct) =>
            {
                step.State.Mood = step.TryGetPromptValue<int>(out var mood) ? mood : null;
                step.State.Notes.Add("mood-step");
                return step.State.Mood is <= 2
                    ? await step.BeginDialogAsync("support", new SupportState { Mood = mood }, ct)
                    : await step.NextAsync(null, ct);
            })
            .AddStep(async (step, ct) =>
            {
                if (step.Result is bool wantsPeer)
                {
                    step.State.WantsPeer = wantsPeer;
                }

                return await step.PromptAsync("reminder", new PromptOptions
                {
                    Prompt = "What time should I check in tomorrow?",
                    RetryPrompt = "Try a time like 8pm.",
                    HelpText = "Send a time like 8am or 20:00.",
                }, ct);
            })
            .AddStep(async (step, ct) =>
            {
                step.State.ReminderTime = step.TryGetPromptValue<TimeOnly>(out var time) ? time : null;
                await step.Context.SendActivityAsync(
                    $"Mood {step.State.Mood?.ToString(CultureInfo.InvariantCulture) ?? "-"}, peer {step.State.WantsPeer?.ToString() ?? "-"}, reminder {step.State.ReminderTime?.ToString("HH:mm", CultureInfo.InvariantCulture) ?? "-"}", ct);
                return await step.EndDialogAsync(step.State, ct);
            });

        var support = new WaterfallDialog<SupportState>("support")
            .AddStep((step, ct) => step.PromptAsync("confirm", new PromptOptions
            {
                Prompt = $"Sorry it's a {step.State.Mood} day. Want a peer to text you?",
                RetryPrompt = "Please reply YES or NO.",
                HelpText = "Reply YES or NO. Text MENU for options.",
            }, ct))
            .AddStep((step, ct) => step.EndDialogAsync(step.TryGetPromptValue<bool>(out var yes) && yes, ct));

        return new DialogSet()
            .Add(checkin)
            .Add(support)
            .Add(new NumberPrompt<int>("mood") { MinValue = 1, MaxValue = 5, AllowMoodWords = true })
            .Add(new ConfirmPrompt("confirm"))
            .Add(new TimePrompt("reminder"));
    }
}
