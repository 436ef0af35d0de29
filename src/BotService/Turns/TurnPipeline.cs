using System.Collections.Concurrent;
using System.Text.Json;
using BotService.CheckIns;
using BotService.Dialogs;
using BotService.Dialogs.Recognizers;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Safety;
using BotService.Storage;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.Turns;

/// <summary>
/// One inbound message, start to finish: volunteer routing, the safety check (before any storage access), then the
/// member-side gate (STOP and the other carrier words, her code word, DELETE MY DATA: decided before any relay, so
/// they work in a live case too), relays, global commands, then her dialog. Her row (profile, opt-out, dialog state,
/// case flag: <see cref="MemberProfile"/>) is read once, or not at all when this instance committed her last turn
/// (<see cref="MemberRowCache"/>), and written once with its ETag; dialogs queue their other writes as effects that
/// run only after that write, so a turn that lost a race (or ran on a stale copy) re-runs cleanly.
/// </summary>
public sealed partial class TurnPipeline(
    SafetyCheck safety,
    IVolunteerRouter volunteers,
    IOptOutGate optOut,
    KeyedHasher hasher,
    MemberRepository members,
    MemberRowCache rows,
    FlowServices flows,
    TurnDialogs dialogs,
    IOpenCheckInLookup openCheckIns,
    IPeerSupportQueue peers,
    IEnumerable<IMemberDataEraser> erasers,
    TimeProvider time,
    IOptions<DialogOptions> options,
    ILogger<TurnPipeline> logger) : ITurnHandler
{
    private const int MaxAttempts = 5;
    internal static readonly TimeSpan VolunteerLookupBudget = TimeSpan.FromSeconds(2);
    private readonly DialogSet _dialogs = dialogs.Build();
    private readonly MemberLocks _locks = new();
    private readonly MemberRowCache _rows = rows;

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
            LogRoutingFailed(logger, e.GetType().Name);
        }

        // Computed in memory: the safety check must not depend on storage being up.
        var memberKey = MemberKeys.For(message, hasher);
        if (await safety.CheckAsync(message, memberKey, null, cancellationToken) is { } safetyReply)
        {
            // Opening her case flagged her row: the copy kept from her last turn is stale, and her next turn reads.
            _rows.Forget(memberKey);
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
            LogTurnFailed(logger, memberKey[..8], e.GetType().Name);
            ConversationMetrics.RecordTurn(message.Channel, "fallback");
            return Fallback(LanguageGuess.Guess(message.Text));
        }
    }

    private async Task<TurnReply> RunMemberTurnAsync(InboundMessage message, string memberKey, CancellationToken ct)
    {
        var mayUseCopy = true;
        for (var attempt = 1; ; attempt++)
        {
            var now = time.GetUtcNow();
            var copy = mayUseCopy ? _rows.TryGet(memberKey) : null;
            var (profile, legacy) = copy is not null ? new MemberTurnRow(copy, false) : await members.LoadAsync(memberKey, message.Channel, now, ct);
            // The copy kept from her last turn only carries a turn that ends in the ETag-guarded write of her row.
            // Anything that ends otherwise (carrier words, her code word, opted out, a case to look up) is decided on
            // a fresh read: a copy could say "opted out" after she opted back in elsewhere.
            if (copy is not null && !IsOrdinary(message, profile))
            {
                mayUseCopy = false;
                _rows.Forget(memberKey);
                attempt--;
                continue;
            }
            var stored = profile.ETag != default;
            var active = profile.Status == MemberStatus.Active;
            var language = active ? profile.Language : LanguageGuess.Guess(message.Text);

            // The member-side gate. Her own safety words come before any relay: a volunteer must never receive them
            // as text, and must never be able to text her after them.
            var neutral = stored && (profile.Discreet || profile.SilencedUntil > now);
            if (await optOut.TryHandleAsync(message, language, neutral, ct) is { } optOutReply)
            {
                _rows.Forget(memberKey);
                if (await optOut.IsOptedOutAsync(memberKey, ct)) await volunteers.MemberWentQuietAsync(memberKey, DateTimeOffset.MaxValue, ct);
                return optOutReply;
            }
            if (profile.OptedOutAt is not null) return TurnReply.None;
            // Only a flagged row can have a case: an unflagged one answers "no" without the index read.
            var mayHaveCase = profile.CaseFlaggedAt is not null;
            if (IsCodeWord(message.Text, profile) && (active || (mayHaveCase && await volunteers.HasOpenCaseAsync(memberKey, ct))))
            {
                _rows.Forget(memberKey);
                if (await SilenceAsync(profile, legacy, now, ct) is not { } silencedUntil)
                {
                    if (attempt < MaxAttempts) continue;
                    throw new EntityConcurrencyException(MemberProfile.TableName, memberKey[..8], MemberProfile.ProfileRowKey);
                }
                await volunteers.MemberWentQuietAsync(memberKey, silencedUntil, ct);
                return new TurnReply([flows.Content.Text(language, "common.codeword_ack")]);
            }

            var state = ReadState(profile.DialogState, now);
            // DELETE MY DATA (and her answer to its confirmation) is hers to settle with the bot, never relay text.
            var erasing = GlobalCommands.Parse(message.Text).Kind == GlobalCommandKind.DeleteMyData
                || state.DialogStack.Any(i => i.Id == FlowDialogs.Erase);
            // Her relay freezes while her code word holds: whoever has her phone must not reach the volunteer either.
            var silenced = profile.SilencedUntil > now;
            // Any member with a claimed escalation, onboarded or not: a first-contact crisis must reach her volunteer.
            var clearCaseFlag = false;
            if (!erasing && !silenced && mayHaveCase)
            {
                if (await volunteers.TryRelayFromMemberAsync(message, memberKey, language, ct) is { } relayReply)
                {
                    _rows.Forget(memberKey);
                    return relayReply;
                }
                // No case at all any more: her next turns can skip the look-up (a case opening meanwhile sets the flag
                // again, which makes this turn's write fail and run again).
                clearCaseFlag = !await volunteers.HasOpenCaseAsync(memberKey, ct);
            }

            var flow = new FlowContext(flows, memberKey, message.Channel, MemberKeys.NormalizedAddress(message), now) { Profile = profile, Language = language };
            var turn = new TurnContext(new Activity
            {
                Type = ActivityTypes.Message, Id = message.MessageId, Text = message.Text, Locale = language, Timestamp = now,
                ChannelId = message.Channel, From = new ChannelAccount(memberKey[..12]),
            });
            turn.TurnState.Set(flow);

            try
            {
                await RunDialogsAsync(_dialogs.CreateContext(turn, state), flow, message, active, ct);
            }
            catch (Exception e) when (e is not (OperationCanceledException or TableStorageException))
            {
                // A bug in a dialog must not trap her in it: forget the conversation, keep her profile, answer kindly.
                LogDialogFailed(logger, memberKey[..8], e.GetType().Name);
                await ResetDialogAsync(memberKey, message.Channel, ct);
                return Fallback(flow.Language);
            }
            state.LastActivityUtc = now;

            try
            {
                await CommitAsync(flow, profile, legacy, state, clearCaseFlag, ct);
            }
            catch (EntityConcurrencyException) when (attempt < MaxAttempts)
            {
                // Someone wrote her row since we read it (another instance, the scheduler, a case opening, or the copy
                // kept from her last turn was stale): nothing of ours was written; run again on a fresh read.
                _rows.Forget(memberKey);
                mayUseCopy = false;
                if (copy is null) LogConcurrentTurn(logger, memberKey[..8], attempt + 1);
                continue;
            }
            return new TurnReply([.. turn.SentActivities.Select(a => a.Text ?? "").Where(t => t.Length > 0)]);
        }
    }

    /// <summary>A turn the copy of her row may carry: no carrier word, not her code word, not opted out, no case flag.</summary>
    private bool IsOrdinary(InboundMessage message, MemberProfile profile) =>
        profile.OptedOutAt is null && profile.CaseFlaggedAt is null && !optOut.MightHandle(message) && !IsCodeWord(message.Text, profile);

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
                    PeerRequest.AddFor(flow, peers, message.Channel, flow.Address, flow.Language, PeerRequestReason.MemberAsked);
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
                PeerRequest.Add(flow, peers, PeerRequestReason.MemberAsked);
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

        if (await openCheckIns.GetOpenPromptDateAsync(flow.MemberKey, flow.Now, ct) is { } openDate)
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
    /// only holds the silence. Null when her row changed meanwhile (the turn runs again).
    /// </summary>
    private async Task<DateTimeOffset?> SilenceAsync(MemberProfile profile, bool legacy, DateTimeOffset now, CancellationToken ct)
    {
        var until = now.AddHours(24);
        profile.SilencedUntil = until;
        profile.DialogState = null;
        try { await members.SaveAsync(profile, ct); }
        catch (EntityConcurrencyException) { return null; }
        if (legacy) await members.DropLegacyDialogStateAsync(profile.MemberKey, ct);
        return until;
    }

    /// <summary>After a dialog failed: her next message starts fresh. Best effort; her row is otherwise kept.</summary>
    private async Task ResetDialogAsync(string memberKey, string channel, CancellationToken ct)
    {
        _rows.Forget(memberKey);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var (profile, legacy) = await members.LoadAsync(memberKey, channel, time.GetUtcNow(), ct);
            if (profile.DialogState is null && !legacy) return;
            profile.DialogState = null;
            try
            {
                await members.SaveAsync(profile, scheduleChanged: false, ct);
                if (legacy) await members.DropLegacyDialogStateAsync(memberKey, ct);
                return;
            }
            catch (EntityConcurrencyException)
            {
            }
        }
    }

    private async Task CommitAsync(FlowContext flow, MemberProfile row, bool legacy, DialogState state, bool clearCaseFlag, CancellationToken ct)
    {
        if (flow.EraseAll)
        {
            _rows.Forget(flow.MemberKey);
            foreach (var eraser in erasers) await eraser.EraseAsync(flow.MemberKey, ct);
            LogErased(logger, flow.MemberKey[..8]);
            return;
        }

        // The commit point, one write: her dialog state and any profile change the dialogs made travel in her row, with
        // the ETag it was read with. If this throws EntityConcurrencyException nothing else was written.
        var profile = flow.Profile ?? row;
        profile.DialogState = DialogStateSerializer.ToJson(state);
        profile.RowLayout = MemberProfile.CurrentLayout;
        if (clearCaseFlag) profile.CaseFlaggedAt = null;
        await members.SaveAsync(profile, scheduleChanged: flow.ProfileChanged, ct);
        if (legacy) await members.DropLegacyDialogStateAsync(flow.MemberKey, ct);

        // Kept even when an effect writes her row afterwards (a peer request flags a case): that write changes the
        // ETag, so her next turn's write fails and that turn runs again on a fresh read.
        _rows.Put(profile);
        // The effects write different rows and none reads what another writes, so they go out together: on SQLite they
        // share one group commit instead of waiting for one each, and one failing no longer keeps the others unwritten.
        await Task.WhenAll(flow.Effects.Select(effect => RunEffectAsync(effect, ct)));
    }

    // An effect that throws before its first await must not leave the ones already started unobserved.
    private static async Task RunEffectAsync(Func<CancellationToken, Task> effect, CancellationToken ct) => await effect(ct);

    private DialogState ReadState(string? json, DateTimeOffset now)
    {
        DialogState state;
        try { state = DialogStateSerializer.FromJson(json); }
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

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Volunteer routing failed ({ExceptionType}); continuing as a member turn.")]
    private static partial void LogRoutingFailed(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Turn failed for member {MemberTag} ({ExceptionType}); sent the fallback.")]
    private static partial void LogTurnFailed(ILogger logger, string memberTag, string exceptionType);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Dialog failed for member {MemberTag} ({ExceptionType}); her dialog state was reset.")]
    private static partial void LogDialogFailed(ILogger logger, string memberTag, string exceptionType);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Concurrent turn for member {MemberTag}; re-running (attempt {Attempt}).")]
    private static partial void LogConcurrentTurn(ILogger logger, string memberTag, int attempt);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Member {MemberTag} data erased.")]
    private static partial void LogErased(ILogger logger, string memberTag);
}
