using BotService.Dialogs;
using BotService.Members;

namespace BotService.Coping;

/// <summary>Pick a need, get one concrete idea per message, MORE for another, then "did that help?".</summary>
public static class CopingDialog
{
    public static readonly string[] Needs = ["urge", "stress", "lonely", "sleep", "angry"];

    /// <summary>Ideas per need, in the default order. Texts are coping.s_{id} in the content.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Strategies = new Dictionary<string, string[]>
    {
        ["urge"] = ["delay", "surf", "tape", "halt", "call"],
        ["stress"] = ["breathing", "grounding", "cold", "move", "halt"],
        ["lonely"] = ["call", "peer", "kind", "outside"],
        ["sleep"] = ["breathing", "bodyscan", "worry", "winddown"],
        ["angry"] = ["pause", "cold", "breathing", "move", "tape"],
    };

    private static readonly string[][] NeedSynonyms =
    [
        ["urge", "urges", "ganas", "impulse", "the pull"],
        ["stress", "stressed", "anxiety", "anxious", "estres", "ansiedad", "nervios", "nerviosa"],
        ["lonely", "alone", "sola", "soledad", "lonley"],
        ["sleep", "cant sleep", "insomnia", "dormir", "no puedo dormir", "sueno"],
        ["angry", "anger", "mad", "enojo", "enojada", "rabia", "coraje"],
    ];

    public static Dialog Create(StrategyCounterStore counters) => new WaterfallDialog<CopingState>(FlowDialogs.Coping)
        .AddStep(async (step, ct) =>
        {
            if (step.State.Order.Count > 0) return await step.NextAsync(null, ct);
            var flow = step.Context.Flow();
            var choices = Needs.Select((n, i) => new Choice(flow.T($"coping.need_{n}"), NeedSynonyms[i])).ToList();
            return await step.PromptAsync(FlowDialogs.ChoiceId, FlowDialogs.Ask(flow, "coping.need", "coping.need", null, choices), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (step.State.Order.Count == 0)
            {
                if (!step.TryGetPromptValue<FoundChoice>(out var need)) return await step.EndDialogAsync(null, ct);
                step.State.Need = Needs[need.Index];
                var scores = await counters.GetAllAsync(flow.MemberKey, ct);
                step.State.Order = [.. Strategies[step.State.Need]
                    .Select((id, i) => (id, i, score: scores.TryGetValue(id, out var c) ? c.Helped - c.NotHelped : 0))
                    .OrderByDescending(x => x.score).ThenBy(x => x.i).Select(x => x.id)];
            }
            if (step.State.Index >= step.State.Order.Count)
            {
                await step.Context.SendActivityAsync(flow.T("coping.all_done"), ct);
                return await step.EndDialogAsync(null, ct);
            }
            await step.Context.SendActivityAsync(flow.T($"coping.s_{step.State.Order[step.State.Index]}"), ct);
            return await step.PromptAsync(FlowDialogs.ChoiceId, FlowDialogs.Ask(flow, "coping.feedback", "coping.feedback", null,
            [
                new(flow.T("coping.helped"), "yes", "si", "it helped", "helped", "ayudo", "better", "mejor"),
                new(flow.T("coping.not_helped"), "no", "not really", "nope", "no mucho", "la verdad no"),
                new(flow.T("coping.more"), "more", "mas", "another", "otra", "otro", "next", "siguiente"),
            ]), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (!step.TryGetPromptValue<FoundChoice>(out var answer)) return await step.EndDialogAsync(null, ct);
            var strategy = step.State.Order[step.State.Index];
            var key = flow.MemberKey;
            if (answer.Index == 0)
            {
                flow.Effects.Add(c => counters.RecordAsync(key, strategy, helped: true, c));
                await step.Context.SendActivityAsync(flow.T("coping.glad"), ct);
                return await step.EndDialogAsync(null, ct);
            }
            if (answer.Index == 1)
            {
                flow.Effects.Add(c => counters.RecordAsync(key, strategy, helped: false, c));
                await step.Context.SendActivityAsync(flow.T("coping.thanks_for_trying"), ct);
            }
            return await step.ReplaceDialogAsync(FlowDialogs.Coping,
                new CopingState { Need = step.State.Need, Order = step.State.Order, Index = step.State.Index + 1 }, ct);
        });
}
