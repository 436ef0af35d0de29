using System.Collections.Concurrent;
using System.Text.Json;
using BotService.Conversation.Flows;
using BotService.Dialogs;
using BotService.Dialogs.Recognizers;
using BotService.Members;
using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Conversation;

/// <summary>
/// One inbound message, start to finish: volunteer routing, the safety check (before any storage access), then the
/// member-side gate (STOP and the other carrier words, her code word, DELETE MY DATA: decided before any relay, so
/// they work in a live case too), relays, global commands, then her dialog. Dialog state is loaded once and saved once per turn with its ETag;
/// dialogs queue their writes as effects that run only after that save, so a turn that lost a race re-runs cleanly.
/// </summary>
public sealed class TurnPipeline(
    ISafetyCheck safety,
    IVolunteerRouter volunteers,
    IOptOutGate optOut,
    KeyedHasher hasher,
    DialogStateStore states,
    MemberRepository members,
    FlowServices flows,
    TimeProvider time,
    IOptions<ConversationOptions> options,
    ILogger<TurnPipeline> logger) : ITurnHandler
{
    private const int MaxAttempts = 5;
    internal static readonly TimeSpan VolunteerLookupBudget = TimeSpan.FromSeconds(2);
    private static readonly DialogSet Dialogs = FlowDialogs.Build();
    private readonly MemberLocks _locks = new();

    public async Task<TurnReply> HandleTurnAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            // Bounded: a slow store must not hold back the safety reply that follows.
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(VolunteerLookupBudget);
            if (await volunteers.TryHandleVolunteerAsync(message, budget.Token, cancellationToken) is { } volunteerReply)
            {
                ConversationMetrics.RecordTurn(message.Channel, "volunteer");
                return volunteerReply;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // If we cannot tell whether this is a volunteer (storage down or slow), treat it as a member so the safety check runs.
            logger.LogWarning("Volunteer routing failed ({ExceptionType}); continuing as a member turn.", e.GetType().Name);
        }

        // Computed in memory: the safety check must not depend on storage being up.
        var memberKey = MemberKeys.For(message, hasher);
        if (await safety.CheckAsync(message, memberKey, null, cancellationToken) is { } safetyReply)
        {
            ConversationMetrics.RecordTurn(message.Channel, "safety");
            return safetyReply;
        }

        try
        {
            TurnReply reply;
            using (await _locks.AcquireAsync(memberKey, cancellationToken))
                reply = await RunMemberTurnAsync(message, memberKey, cancellationToken);
            ConversationMetrics.RecordTurn(message.Channel, "member");
            return reply;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError("Turn failed for member {MemberTag} ({ExceptionType}); sent the fallback.", memberKey[..8], e.GetType().Name);
            ConversationMetrics.RecordTurn(message.Channel, "fallback");
            return Fallback(LanguageGuess.Guess(message.Text));
        }
    }

    private async Task<TurnReply> RunMemberTurnAsync(InboundMessage message, string memberKey, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var profile = await members.GetAsync(memberKey, ct);
            var active = profile is { Status: MemberStatus.Active };
            var language = active ? profile!.Language : LanguageGuess.Guess(message.Text);

            // The member-side gate. Her own safety words come before any relay: a volunteer must never receive them
            // as text, and must never be able to text her after them.
            var neutral = profile is not null && (profile.Discreet || profile.SilencedUntil > now);
            if (await optOut.TryHandleAsync(message, language, neutral, ct) is { } optOutReply)
            {
                if (await optOut.IsOptedOutAsync(memberKey, ct)) await volunteers.MemberWentQuietAsync(memberKey, DateTimeOffset.MaxValue, ct);
                return optOutReply;
            }
            if (await optOut.IsOptedOutAsync(memberKey, ct)) return TurnReply.None;
            if (IsCodeWord(message.Text, profile) && (active || await volunteers.HasOpenCaseAsync(memberKey, ct)))
            {
                if (await SilenceAsync(profile, memberKey, message.Channel, now, ct) is not { } silencedUntil)
                {
                    if (attempt < MaxAttempts) continue;
                    throw new EntityConcurrencyException(MemberProfile.TableName, memberKey[..8], MemberProfile.ProfileRowKey);
                }
                await volunteers.MemberWentQuietAsync(memberKey, silencedUntil, ct);
                return new TurnReply([flows.Content.Text(language, "common.codeword_ack")]);
            }

            var row = await states.LoadAsync(memberKey, ct);
            var state = ReadState(row, now);
            // DELETE MY DATA (and her answer to its confirmation) is hers to settle with the bot, never relay text.
            var erasing = GlobalCommands.Parse(message.Text).Kind == GlobalCommandKind.DeleteMyData
                || state.DialogStack.Any(i => i.Id == FlowDialogs.Erase);
            // Her relay freezes while her code word holds: whoever has her phone must not reach the volunteer either.
            var silenced = profile?.SilencedUntil > now;
            // Any member with a claimed escalation, onboarded or not: a first-contact crisis must reach her volunteer.
            if (!erasing && !silenced && await volunteers.TryRelayFromMemberAsync(message, memberKey, language, ct) is { } relayReply) return relayReply;

            var flow = new FlowContext(flows, memberKey, message.Channel, MemberKeys.NormalizedAddress(message), now) { Profile = profile, Language = language };
            var turn = new TurnContext(new Activity
            {
                Type = ActivityTypes.Message, Id = message.MessageId, Text = message.Text, Locale = language, Timestamp = now,
                ChannelId = message.Channel, From = new ChannelAccount(memberKey[..12]),
            });
            turn.TurnState.Set(flow);

            try
            {
                await RunDialogsAsync(Dialogs.CreateContext(turn, state), flow, message, active, ct);
            }
            catch (Exception e) when (e is not (OperationCanceledException or TableStorageException))
            {
                // A bug in a dialog must not trap her in it: forget the conversation, keep her profile, answer kindly.
                logger.LogError("Dialog failed for member {MemberTag} ({ExceptionType}); her dialog state was reset.", memberKey[..8], e.GetType().Name);
                await states.ResetAsync(memberKey, ct);
                return Fallback(flow.Language);
            }
            state.LastActivityUtc = now;

            try
            {
                await CommitAsync(flow, row, state, ct);
            }
            catch (EntityConcurrencyException) when (attempt < MaxAttempts)
            {
                // Another turn for her committed first (another instance): nothing of ours was written; run again on fresh state.
                logger.LogInformation("Concurrent turn for member {MemberTag}; re-running (attempt {Attempt}).", memberKey[..8], attempt + 1);
                continue;
            }
            return new TurnReply([.. turn.SentActivities.Select(a => a.Text ?? "").Where(t => t.Length > 0)]);
        }
    }

    private async Task RunDialogsAsync(DialogContext dc, FlowContext flow, InboundMessage message, bool active, CancellationToken ct)
    {
        if (!active)
        {
            // Support and erasure never wait for consent: a member who declined (or has not finished onboarding) can
            // still ask for a peer or a coping idea, and delete what little there is.
            var early = GlobalCommands.Parse(message.Text).Kind;
            if (dc.Stack.Any(i => i.Id == FlowDialogs.Erase) && early == GlobalCommandKind.None && await dc.ContinueDialogAsync(ct) is { Status: not DialogTurnStatus.Empty }) return;
            switch (early)
            {
                case GlobalCommandKind.DeleteMyData:
                    await dc.CancelAllDialogsAsync(ct);
                    await dc.BeginDialogAsync(FlowDialogs.Erase, null, ct);
                    return;
                case GlobalCommandKind.Cope:
                    await dc.CancelAllDialogsAsync(ct);
                    await dc.BeginDialogAsync(FlowDialogs.Coping, null, ct);
                    return;
                case GlobalCommandKind.Peer:
                    await dc.CancelAllDialogsAsync(ct);
                    PeerRequest.AddFor(flow, message.Channel, flow.Address, flow.Language, PeerRequestReason.MemberAsked);
                    await dc.Context.SendActivityAsync(flow.T("common.peer_requested"), ct);
                    return;
            }
            // Unknown number (or onboarding not finished): whatever she says, onboarding answers.
            if (dc.Stack.Any(i => i.Id == FlowDialogs.Onboarding) && await dc.ContinueDialogAsync(ct) is { Status: not DialogTurnStatus.Empty }) return;
            await dc.CancelAllDialogsAsync(ct);
            await dc.BeginDialogAsync(FlowDialogs.Onboarding, null, ct);
            return;
        }

        var turn = dc.Context;
        var command = GlobalCommands.Parse(message.Text);
        if (command.Kind != GlobalCommandKind.None) await dc.CancelAllDialogsAsync(ct);
        switch (command.Kind)
        {
            case GlobalCommandKind.Menu: await dc.BeginDialogAsync(FlowDialogs.Menu, null, ct); return;
            case GlobalCommandKind.CheckIn: await dc.BeginDialogAsync(FlowDialogs.CheckIn, null, ct); return;
            case GlobalCommandKind.Cope: await dc.BeginDialogAsync(FlowDialogs.Coping, null, ct); return;
            case GlobalCommandKind.CodeWord: await dc.BeginDialogAsync(FlowDialogs.CodeWord, null, ct); return;
            case GlobalCommandKind.DeleteMyData: await dc.BeginDialogAsync(FlowDialogs.Erase, null, ct); return;
            case GlobalCommandKind.Peer:
                PeerRequest.Add(flow, PeerRequestReason.MemberAsked);
                await turn.SendActivityAsync(flow.T("common.peer_requested"), ct);
                return;
            case GlobalCommandKind.Pause when command.Days is int days:
                await turn.SendActivityAsync(SettingsDialogs.ApplyPause(flow, days), ct);
                return;
            case GlobalCommandKind.Pause: await dc.BeginDialogAsync(FlowDialogs.Pause, null, ct); return;
            case GlobalCommandKind.Resume: await turn.SendActivityAsync(SettingsDialogs.Resume(flow), ct); return;
            case GlobalCommandKind.DiscreetOn or GlobalCommandKind.DiscreetOff:
                SettingsDialogs.SetDiscreet(flow, command.Kind == GlobalCommandKind.DiscreetOn);
                await turn.SendActivityAsync(flow.T(flow.Discreet ? "settings.discreet_on" : "settings.discreet_off"), ct);
                return;
            case GlobalCommandKind.Language when command.Language is { } language:
                SettingsDialogs.SetLanguage(flow, language);
                await turn.SendActivityAsync(flow.T("settings.language_set"), ct);
                return;
            case GlobalCommandKind.Language: await dc.BeginDialogAsync(FlowDialogs.Language, null, ct); return;
        }

        if ((await dc.ContinueDialogAsync(ct)).Status != DialogTurnStatus.Empty) return;

        if (await flows.OpenCheckIns.GetOpenPromptDateAsync(flow.MemberKey, flow.Now, ct) is { } openDate)
        {
            // A reply to today's check-in text is her mood answer; only the number goes into the state, never her words.
            var mood = NumberRecognizer.Recognize(message.Text, flow.Language) ?? MoodRecognizer.Recognize(message.Text, flow.Language);
            await dc.BeginDialogAsync(FlowDialogs.CheckIn, new CheckInState { Mood = mood is >= 1 and <= 5 ? mood : null, LedgerDate = openDate }, ct);
            return;
        }
        await turn.SendActivityAsync(flow.T("common.nudge"), ct);
    }

    private bool IsCodeWord(string text, MemberProfile? profile)
    {
        var word = GlobalCommands.NormalizeWord(text);
        if (word.Length == 0 || word.Contains(' ')) return false;
        // SAFE always works, so a member who forgot her own word still has one.
        return word == "safe" || (profile?.CodeWordHash is { } hash && flows.CodeWordHash(word) == hash);
    }

    /// <summary>
    /// Someone may be reading over her shoulder: go quiet at once (24 h), forget any open dialog, and answer with a
    /// line that gives nothing away. A member in a case who never finished onboarding gets a bare profile row that
    /// only holds the silence. Null when her profile changed meanwhile (the turn runs again).
    /// </summary>
    private async Task<DateTimeOffset?> SilenceAsync(MemberProfile? profile, string memberKey, string channel, DateTimeOffset now, CancellationToken ct)
    {
        profile ??= MemberProfile.New(memberKey, channel);
        var until = now.AddHours(24);
        profile.SilencedUntil = until;
        try { await members.SaveAsync(profile, ct); }
        catch (Exception e) when (e is EntityConcurrencyException or EntityAlreadyExistsException) { return null; }
        await states.ResetAsync(memberKey, ct);
        return until;
    }

    private async Task CommitAsync(FlowContext flow, DialogStateRow? row, DialogState state, CancellationToken ct)
    {
        if (flow.EraseAll)
        {
            foreach (var eraser in flows.Erasers) await eraser.EraseAsync(flow.MemberKey, ct);
            logger.LogInformation("Member {MemberTag} data erased.", flow.MemberKey[..8]);
            return;
        }

        // The commit point: if this throws EntityConcurrencyException nothing else was written.
        await states.SaveAsync(flow.MemberKey, row, DialogStateSerializer.ToJson(state), state.LastActivityUtc, ct);

        // The profile first: an effect may read it back or adjust the in-memory copy (the ledger's ApplyTo) once saved.
        if (flow.ProfileChanged && flow.Profile is { } profile) await SaveProfileAsync(profile, flow.MemberKey, ct);
        // The effects write different rows and none reads what another writes, so they go out together: on SQLite they
        // share one group commit instead of waiting for one each, and one failing no longer keeps the others unwritten.
        await Task.WhenAll(flow.Effects.Select(effect => RunEffectAsync(effect, ct)));
    }

    private async Task SaveProfileAsync(MemberProfile profile, string memberKey, CancellationToken ct)
    {
        try { await members.SaveAsync(profile, ct); }
        catch (EntityConcurrencyException)
        {
            // Only reachable across instances (turns for one member are serialized here). Her dialog moved on;
            // re-running would apply her answer twice, so say so and keep going.
            logger.LogWarning("Profile of member {MemberTag} changed concurrently; this turn's setting change was not saved.", memberKey[..8]);
        }
    }

    // An effect that throws before its first await must not leave the ones already started unobserved.
    private static async Task RunEffectAsync(Func<CancellationToken, Task> effect, CancellationToken ct) => await effect(ct);

    private DialogState ReadState(DialogStateRow? row, DateTimeOffset now)
    {
        DialogState state;
        try { state = DialogStateSerializer.FromJson(row?.StateJson); }
        catch (JsonException) { return new DialogState(); }
        // A dialog left waiting too long ends quietly: the next message starts fresh.
        return state.LastActivityUtc is { } last && now - last > options.Value.SessionExpiry ? new DialogState() : state;
    }

    private TurnReply Fallback(string language) => new([flows.Content.Text(language, "common.fallback")]);

    /// <summary>Serializes turns per member on this instance, so two texts sent together apply one after the other.</summary>
    private sealed class MemberLocks
    {
        private readonly ConcurrentDictionary<string, (SemaphoreSlim Gate, int Users)> _gates = new(StringComparer.Ordinal);
        private readonly Lock _sync = new();

        public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
        {
            SemaphoreSlim gate;
            lock (_sync)
            {
                var entry = _gates.TryGetValue(key, out var e) ? e : (Gate: new SemaphoreSlim(1, 1), Users: 0);
                _gates[key] = (entry.Gate, entry.Users + 1);
                gate = entry.Gate;
            }
            try { await gate.WaitAsync(ct); }
            catch { Release(key, gate, held: false); throw; }
            return new Releaser(() => Release(key, gate, held: true));
        }

        private void Release(string key, SemaphoreSlim gate, bool held)
        {
            if (held) gate.Release();
            lock (_sync)
            {
                var entry = _gates[key];
                if (entry.Users == 1) _gates.TryRemove(key, out _);
                else _gates[key] = (entry.Gate, entry.Users - 1);
            }
        }

        private sealed class Releaser(Action release) : IDisposable
        {
            private Action? _release = release;
            public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
        }
    }
}
