using BotService.Dialogs;

namespace BotService.Members;

/// <summary>
/// First contact from an unknown number, whatever it says: who we are, language, consent (nothing is kept without a
/// yes), check-in time, time zone, discreet mode, code word, then a two-line summary.
/// </summary>
public static class OnboardingDialog
{
    /// <summary>Used when she gives up on the time question; the help text tells her and how to change it.</summary>
    public static readonly TimeOnly FallbackTime = new(10, 0);

    public static Dialog Create() => new WaterfallDialog<OnboardingState>(FlowDialogs.Onboarding)
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            await step.Context.SendActivityAsync(flow.T("onboarding.welcome"), ct);
            // Both languages in one line: she may not read the one we guessed.
            return await step.PromptAsync(FlowDialogs.ChoiceId, new PromptOptions
            {
                Prompt = flow.Services.Content.Text("en", "onboarding.language"),
                HelpText = flow.Services.Content.Text("en", "onboarding.language"),
                Choices = [new("English", "ingles", "en", "eng"), new("Español", "espanol", "spanish", "es", "esp")],
            }, ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (step.Result is PromptResult<FoundChoice> { Succeeded: true } picked) flow.Language = picked.Value.Index == 1 ? "es" : "en";
            step.State.Language = flow.Language;
            await step.Context.SendActivityAsync(flow.T("onboarding.about"), ct);
            return await step.PromptAsync(FlowDialogs.ChoiceId,
                FlowDialogs.Ask(flow, "onboarding.consent", "onboarding.consent_retry", "onboarding.consent_retry",
                    FlowDialogs.YesNo(flow, "onboarding.consent_yes", "onboarding.consent_no")), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            flow.Language = step.State.Language ?? flow.Language;
            if (!step.TryGetPromptValue<FoundChoice>(out var consent) || consent.Index != 0)
            {
                // No consent: nothing about her is kept (the pipeline deletes the dialog state and any profile row).
                await step.Context.SendActivityAsync(flow.T("onboarding.declined"), ct);
                flow.EraseAll = true;
                return await step.EndDialogAsync(null, ct);
            }
            return await step.PromptAsync(FlowDialogs.TimeId, FlowDialogs.Ask(flow, "onboarding.time", "common.time_retry", "onboarding.time_gave_up",
                values: ("time", flow.FormatTime(FallbackTime))), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            flow.Language = step.State.Language ?? flow.Language;
            var time = step.TryGetPromptValue<TimeOnly>(out var t) ? t : FallbackTime;
            step.State.CheckInMinute = time.Hour * 60 + time.Minute;
            var zones = flow.Services.Options.EffectiveTimeZones;
            step.State.SuggestedZone = TimeZoneChoices.Suggest(flow.Channel, flow.Address, zones);
            var list = string.Join(' ', zones.Select((z, i) => $"{i + 1} {TimeZoneChoices.Name(z, flow.Language)}"));
            var choices = zones.Select(z => new Choice(TimeZoneChoices.Name(z, flow.Language), z == step.State.SuggestedZone
                ? ["yes", "si", "ok", "okay", TimeZoneChoices.Name(z, "en")] : [TimeZoneChoices.Name(z, "en")])).ToList();
            var key = step.State.SuggestedZone is null ? "onboarding.zone" : "onboarding.zone_suggested";
            return await step.PromptAsync(FlowDialogs.ChoiceId, FlowDialogs.Ask(flow, key, key, "onboarding.zone_gave_up", choices,
                ("list", list), ("suggested", step.State.SuggestedZone is { } s ? TimeZoneChoices.Name(s, flow.Language) : "")), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            flow.Language = step.State.Language ?? flow.Language;
            var zones = flow.Services.Options.EffectiveTimeZones;
            step.State.Zone = step.TryGetPromptValue<FoundChoice>(out var zone) ? zones[zone.Index] : step.State.SuggestedZone ?? zones[0];
            return await step.PromptAsync(FlowDialogs.ChoiceId, FlowDialogs.Ask(flow, "onboarding.discreet", "onboarding.discreet", null,
                FlowDialogs.YesNo(flow, "onboarding.discreet_yes", "onboarding.discreet_no")), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            flow.Language = step.State.Language ?? flow.Language;
            step.State.Discreet = step.TryGetPromptValue<FoundChoice>(out var d) && d.Index == 0;
            return await step.PromptAsync(FlowDialogs.WordId, FlowDialogs.Ask(flow, "onboarding.codeword", "onboarding.codeword", "onboarding.codeword_gave_up"), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            flow.Language = step.State.Language ?? flow.Language;
            // Her word is hashed here, in memory; neither the state nor the profile ever holds it.
            string? codeHash = step.TryGetPromptValue<string>(out var word) && !FlowDialogs.IsSkip(word) ? flow.Services.CodeWordHash(word) : null;

            var profile = flow.Profile ?? MemberProfile.New(flow.MemberKey, flow.Channel);
            profile.Status = MemberStatus.Active;
            profile.ConsentedAt = flow.Now;
            profile.Language = flow.Language;
            profile.TimeZone = step.State.Zone;
            profile.CheckInMinuteOfDay = step.State.CheckInMinute;
            profile.Discreet = step.State.Discreet;
            profile.CodeWordHash = codeHash;
            profile.EncryptedAddress = flow.Services.Encryptor.Encrypt(flow.Address);
            flow.Profile = profile;
            flow.MarkProfileChanged();

            var time = profile.CheckInTime!.Value;
            await step.Context.SendActivityAsync(flow.T("onboarding.done",
                ("time", flow.FormatTime(time)), ("zone", TimeZoneChoices.Name(profile.TimeZone!, flow.Language)),
                ("discreet", flow.T(profile.Discreet ? "onboarding.discreet_on" : "onboarding.discreet_off")),
                ("codeword", codeHash is null ? "SAFE" : flow.T("onboarding.codeword_yours"))), ct);
            return await step.EndDialogAsync(null, ct);
        });
}
