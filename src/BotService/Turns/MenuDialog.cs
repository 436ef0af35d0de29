using BotService.Dialogs;
using BotService.Members;
using BotService.Volunteers;

namespace BotService.Turns;

/// <summary>The numbered menu. The text lists the options compactly (content key menu.list); choices carry synonyms.</summary>
public static class MenuDialog
{
    private static readonly string[][] Synonyms =
    [
        ["check in", "checkin", "chequeo"], ["coping", "cope", "idea"], ["peer", "talk", "hablar"], ["time", "hora"],
        ["pause", "pausa"], ["discreet", "discreto", "discreta"], ["code word", "palabra clave", "clave"],
        ["language", "idioma"], ["delete", "borrar"],
    ];

    public static Dialog Create(IPeerSupportQueue peers) => new WaterfallDialog<MenuState>(FlowDialogs.Menu)
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            var choices = Synonyms.Select((s, i) => new Choice(flow.T($"menu.item_{i + 1}"), s)).ToList();
            return await step.PromptAsync(FlowDialogs.ChoiceId, FlowDialogs.Ask(flow, "menu.list", "menu.retry", null, choices), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (!step.TryGetPromptValue<FoundChoice>(out var choice)) return await step.EndDialogAsync(null, ct);
            switch (choice.Index)
            {
                case 0: return await step.ReplaceDialogAsync(FlowDialogs.CheckIn, null, ct);
                case 1: return await step.ReplaceDialogAsync(FlowDialogs.Coping, null, ct);
                case 2:
                    PeerRequest.Add(flow, peers, PeerRequestReason.MemberAsked);
                    await step.Context.SendActivityAsync(flow.T("common.peer_requested"), ct);
                    return await step.EndDialogAsync(null, ct);
                case 3: return await step.ReplaceDialogAsync(FlowDialogs.SetTime, null, ct);
                case 4: return await step.ReplaceDialogAsync(FlowDialogs.Pause, null, ct);
                case 5:
                    SettingsDialogs.SetDiscreet(flow, !flow.Discreet);
                    await step.Context.SendActivityAsync(flow.T(flow.Discreet ? "settings.discreet_on" : "settings.discreet_off"), ct);
                    return await step.EndDialogAsync(null, ct);
                case 6: return await step.ReplaceDialogAsync(FlowDialogs.CodeWord, null, ct);
                case 7: return await step.ReplaceDialogAsync(FlowDialogs.Language, null, ct);
                default: return await step.ReplaceDialogAsync(FlowDialogs.Erase, null, ct);
            }
        });
}
