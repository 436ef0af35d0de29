using BotService.Dialogs;

namespace BotService.Members;

/// <summary>DELETE MY DATA, confirmed by 1/2: everything about her goes (every <see cref="BotService.Privacy.IMemberDataEraser"/> runs).</summary>
public static class EraseDialog
{
    public static Dialog Create() => new WaterfallDialog<EraseState>(FlowDialogs.Erase)
        .AddStep((step, ct) =>
        {
            var flow = step.Context.Flow();
            return step.PromptAsync(FlowDialogs.ChoiceId, FlowDialogs.Ask(flow, "erase.confirm", "erase.confirm", "erase.kept",
                [new(flow.T("erase.yes"), "yes", "si", "delete", "borrar", "delete it", "borralo"), new(flow.T("erase.no"), "no", "keep", "mantener", "guardar")]), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (step.TryGetPromptValue<FoundChoice>(out var choice) && choice.Index == 0)
            {
                flow.EraseAll = true;
                await step.Context.SendActivityAsync(flow.T("erase.done"), ct);
            }
            else if (step.Result is PromptResult<FoundChoice> { Succeeded: true })
            {
                await step.Context.SendActivityAsync(flow.T("erase.kept"), ct);
            }
            return await step.EndDialogAsync(null, ct);
        });
}
