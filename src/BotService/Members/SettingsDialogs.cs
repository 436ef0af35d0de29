using BotService.Dialogs;

namespace BotService.Members;

/// <summary>Small one-question dialogs that change her profile: check-in time, pause, code word, language.</summary>
public static class SettingsDialogs
{
    public const int MaxPauseDays = 30;

    public static Dialog SetTime() => new WaterfallDialog<SettingsState>(FlowDialogs.SetTime)
        .AddStep((step, ct) => step.PromptAsync(FlowDialogs.TimeId, FlowDialogs.Ask(step.Context.Flow(), "settings.time", "common.time_retry"), ct))
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (!step.TryGetPromptValue<TimeOnly>(out var time)) return await step.EndDialogAsync(null, ct);
            flow.Profile!.CheckInMinuteOfDay = time.Hour * 60 + time.Minute;
            flow.MarkProfileChanged();
            await step.Context.SendActivityAsync(flow.T("settings.time_set", ("time", flow.FormatTime(time))), ct);
            return await step.EndDialogAsync(null, ct);
        });

    public static Dialog Pause() => new WaterfallDialog<SettingsState>(FlowDialogs.Pause)
        .AddStep((step, ct) => step.PromptAsync(FlowDialogs.DaysId, FlowDialogs.Ask(step.Context.Flow(), "settings.pause_days", "settings.pause_days"), ct))
        .AddStep(async (step, ct) =>
        {
            if (!step.TryGetPromptValue<int>(out var days)) return await step.EndDialogAsync(null, ct);
            await step.Context.SendActivityAsync(ApplyPause(step.Context.Flow(), days), ct);
            return await step.EndDialogAsync(null, ct);
        });

    public static Dialog CodeWord() => new WaterfallDialog<SettingsState>(FlowDialogs.CodeWord)
        .AddStep((step, ct) => step.PromptAsync(FlowDialogs.WordId, FlowDialogs.Ask(step.Context.Flow(), "settings.codeword", "settings.codeword"), ct))
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (!step.TryGetPromptValue<string>(out var word) || FlowDialogs.IsSkip(word))
            {
                await step.Context.SendActivityAsync(flow.T("settings.codeword_kept"), ct);
                return await step.EndDialogAsync(null, ct);
            }
            flow.Profile!.CodeWordHash = flow.Services.CodeWordHash(word);
            flow.MarkProfileChanged();
            await step.Context.SendActivityAsync(flow.T("settings.codeword_set"), ct);
            return await step.EndDialogAsync(null, ct);
        });

    public static Dialog Language() => new WaterfallDialog<SettingsState>(FlowDialogs.Language)
        .AddStep((step, ct) => step.PromptAsync(FlowDialogs.ChoiceId, new PromptOptions
        {
            Prompt = step.Context.Flow().Services.Content.Text("en", "settings.language"),
            HelpText = step.Context.Flow().T("common.gave_up"),
            Choices = [new("English", "ingles", "en"), new("Español", "espanol", "spanish", "es")],
        }, ct))
        .AddStep(async (step, ct) =>
        {
            if (!step.TryGetPromptValue<FoundChoice>(out var choice)) return await step.EndDialogAsync(null, ct);
            var flow = step.Context.Flow();
            SetLanguage(flow, choice.Index == 1 ? "es" : "en");
            await step.Context.SendActivityAsync(flow.T("settings.language_set"), ct);
            return await step.EndDialogAsync(null, ct);
        });

    public static string ApplyPause(FlowContext flow, int days)
    {
        days = Math.Clamp(days, 1, MaxPauseDays);
        flow.Profile!.PausedUntil = flow.Now.AddDays(days);
        flow.MarkProfileChanged();
        return flow.T(days == 1 ? "settings.paused_one" : "settings.paused", ("days", days));
    }

    public static string Resume(FlowContext flow)
    {
        flow.Profile!.PausedUntil = null;
        flow.MarkProfileChanged();
        return flow.T("settings.resumed");
    }

    public static void SetDiscreet(FlowContext flow, bool on)
    {
        flow.Profile!.Discreet = on;
        flow.MarkProfileChanged();
    }

    public static void SetLanguage(FlowContext flow, string language)
    {
        flow.Profile!.Language = language;
        flow.Language = language;
        flow.MarkProfileChanged();
    }
}
