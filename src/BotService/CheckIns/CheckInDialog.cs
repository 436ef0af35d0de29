using BotService.Dialogs;
using BotService.Members;
using BotService.Volunteers;

namespace BotService.CheckIns;

/// <summary>Mood 1-5, urge 0-10, an optional one-line note (encrypted at once), a specific reply, and red-flag care.</summary>
public static class CheckInDialog
{
    public static Dialog Create(CheckInStore store, IOpenCheckInLookup openCheckIns, IPeerSupportQueue peers, CheckInOptions options) => new WaterfallDialog<CheckInState>(FlowDialogs.CheckIn)
        .AddStep(async (step, ct) =>
        {
            if (step.State.Mood is not null) return await step.NextAsync(null, ct);
            var flow = step.Context.Flow();
            return await step.PromptAsync(FlowDialogs.MoodId, FlowDialogs.Ask(flow, "checkin.mood", "checkin.mood_retry"), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (step.State.Mood is null)
            {
                if (!step.TryGetPromptValue<int>(out var mood)) return await step.EndDialogAsync(null, ct); // gave up: help text offered MENU
                step.State.Mood = mood;
            }
            return await step.PromptAsync(FlowDialogs.UrgeId, FlowDialogs.Ask(flow, "checkin.urge", "checkin.urge_retry", "checkin.urge_gave_up"), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            step.State.Urge = step.TryGetPromptValue<int>(out var urge) ? urge : null;
            return await step.PromptAsync(FlowDialogs.NoteId, FlowDialogs.Ask(flow, "checkin.note"), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            var profile = flow.Profile!;
            // Her note is encrypted here, before it can reach the state or any table.
            var note = step.TryGetPromptValue<string>(out var text) && !FlowDialogs.IsSkip(text) ? flow.Services.Encryptor.Encrypt(text) : null;
            var today = flow.LocalToday;
            var dateKey = CheckInStore.DateKey(today);
            var record = new CheckInRecord
            {
                PartitionKey = flow.MemberKey, RowKey = dateKey, Mood = step.State.Mood, Urge = step.State.Urge, EncryptedNote = note, RecordedAt = flow.Now,
            };
            flow.Effects.Add(c => store.SaveAsync(record, c));
            // Answering the scheduler's prompt: the ledger records it now and resets her missed count on the profile,
            // which then travels in the turn's one ETag-guarded save. The ledger write is idempotent, so a turn that
            // lost the race and runs again finds it answered and resets the count again.
            if (step.State.LedgerDate is { } ledgerDate) await openCheckIns.MarkAnsweredAsync(profile, ledgerDate, ct);
            else profile.MissedCheckIns = 0;

            if (profile.LastCheckInDate != dateKey)
            {
                profile.CheckInStreak = profile.LastCheckInDate == CheckInStore.DateKey(today.AddDays(-1)) ? profile.CheckInStreak + 1 : 1;
                profile.LastCheckInDate = dateKey;
            }
            var redFlag = step.State.Mood <= options.RedFlagMood || step.State.Urge >= options.RedFlagUrge;
            profile.ConsecutiveRedFlags = redFlag ? profile.ConsecutiveRedFlags + 1 : 0;
            flow.MarkProfileChanged();

            var reply = flow.T($"checkin.ack_{step.State.Mood}");
            if (profile.CheckInStreak >= 2) reply += " " + flow.T("checkin.streak", ("days", profile.CheckInStreak));
            await step.Context.SendActivityAsync(reply, ct);

            if (!redFlag) return await step.EndDialogAsync(null, ct);
            if (profile.ConsecutiveRedFlags >= 2)
            {
                // Two hard days in a row: a peer reaches out without her having to ask.
                var key = flow.MemberKey;
                flow.Effects.Add(c => peers.RequestPeerAsync(key, PeerRequestReason.RedFlagCheckIns, c));
                await step.Context.SendActivityAsync(flow.T("checkin.peer_reaching_out"), ct);
            }
            return await step.PromptAsync(FlowDialogs.ChoiceId, FlowDialogs.Ask(flow, "checkin.red_flag", "checkin.red_flag", null,
                [new(flow.T("checkin.option_cope"), "cope", "idea", "coping"), new(flow.T("checkin.option_peer"), "peer", "talk", "hablar")]), ct);
        })
        .AddStep(async (step, ct) =>
        {
            var flow = step.Context.Flow();
            if (!step.TryGetPromptValue<FoundChoice>(out var choice)) return await step.EndDialogAsync(null, ct);
            if (choice.Index == 0) return await step.ReplaceDialogAsync(FlowDialogs.Coping, null, ct);
            PeerRequest.Add(flow, peers, PeerRequestReason.MemberAsked);
            await step.Context.SendActivityAsync(flow.T("common.peer_requested"), ct);
            return await step.EndDialogAsync(null, ct);
        });
}
