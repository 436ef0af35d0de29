using BotService.Content;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Safety.CrisisDetection;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>
/// Volunteer commands (ON, OFF, STATUS, CLAIM code, DONE outcome) and the relay between a volunteer and the member
/// whose case she holds. Both sides only ever see the bot's number: every relay goes out through the outbox.
/// </summary>
public sealed partial class VolunteerRouter(
    VolunteerDirectory volunteers,
    EscalationStore store,
    EscalationPager pager,
    IOutbox outbox,
    ContentCatalog content,
    FieldEncryptor encryptor,
    ITableStore tables,
    IFollowUpScheduler followUps,
    IOptions<EscalationOptions> options,
    LineSettingsStore lineSettings,
    TimeProvider time,
    ILogger<VolunteerRouter> logger) : IVolunteerRouter
{
    private static readonly char[] Spaces = [' ', '\t', '\r', '\n'];
    private readonly int _maxActive = options.Value.MaxActivePerVolunteer;

    public async Task<TurnReply?> TryHandleVolunteerAsync(InboundMessage message, CancellationToken lookupBudget, CancellationToken cancellationToken)
    {
        var volunteer = await volunteers.FindBySenderAsync(message.Channel, message.SenderAddress, lookupBudget);
        if (volunteer is null) return null;
        try
        {
            return await HandleAsync(volunteer, message, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // She is a volunteer: her text must never fall through to the member path (onboarding, or a relay of her
            // words to nobody). Tell her it did not go through.
            LogCommandFailed(logger, volunteer.Id, e.GetType().Name);
            return Say(volunteer, "escalation.error");
        }
    }

    private async Task<TurnReply> HandleAsync(Volunteer volunteer, InboundMessage message, CancellationToken cancellationToken)
    {
        var text = message.Text.Trim();
        var words = text.Split(Spaces, StringSplitOptions.RemoveEmptyEntries);
        var first = words.Length > 0 ? words[0].ToUpperInvariant() : "";
        // Carrier words first: a volunteer's STOP must never reach a member as relay text.
        switch (SmsKeywords.Match(text).Keyword)
        {
            case SmsKeyword.OptOut: return await StopAsync(volunteer, cancellationToken);
            case SmsKeyword.OptIn: return await StartAsync(volunteer, cancellationToken);
            case SmsKeyword.OptInIfOptedOut when volunteer.OptedOut: return await StartAsync(volunteer, cancellationToken);
        }
        // Whole-message words only: "on my way" to a member is a relay, not ON.
        return text.ToUpperInvariant() switch
        {
            "ON" => await OnAsync(volunteer, cancellationToken),
            "OFF" => await OffAsync(volunteer, cancellationToken),
            "STATUS" => await StatusAsync(volunteer, cancellationToken),
            _ when first == "CLAIM" && words.Length == 2 => await ClaimAsync(volunteer, words[1], cancellationToken),
            _ when first == "DONE" => await DoneAsync(volunteer, words[1..], cancellationToken),
            _ => await RelayToMemberAsync(volunteer, message, text, words, cancellationToken),
        };
    }

    public async Task<TurnReply?> TryRelayFromMemberAsync(InboundMessage message, string memberKey, string language, CancellationToken cancellationToken)
    {
        var code = await store.MemberOpenCodeAsync(memberKey, cancellationToken);
        if (code is null) return null;
        var record = await store.GetAsync(code, cancellationToken);
        if (record is not { Status: EscalationStatus.Claimed, ClaimedBy: not null }) return null;
        if (record.MemberQuietUntil > time.GetUtcNow()) return null;
        var volunteer = await volunteers.GetAsync(record.ClaimedBy, cancellationToken);
        if (volunteer is null) return null;

        var phone = volunteers.PhoneOf(volunteer);
        var parts = RelayText.Split(message.Text, t => content.Text(volunteer.PreferredLanguage, "escalation.relay_from_member", ("code", record.Code), ("text", t)));
        for (var i = 0; i < parts.Count; i++)
            await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, phone, parts[i], MessagePriority.Relay,
                $"esc-relay:{message.MessageId}:{i}") { CancelTag = OutboundMessage.ConcerningMember(memberKey) }, cancellationToken);
        await store.AddEventAsync(record.Code, EscalationEventKind.Relayed, time.GetUtcNow(), volunteer.Id, "member to volunteer", cancellationToken);
        return TurnReply.None;
    }

    public async Task<bool> HasOpenCaseAsync(string memberKey, CancellationToken cancellationToken) =>
        await store.MemberOpenCodeAsync(memberKey, cancellationToken) is { } code
        && await store.GetAsync(code, cancellationToken) is { Status: not EscalationStatus.Closed };

    public async Task MemberWentQuietAsync(string memberKey, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var code = await store.MemberOpenCodeAsync(memberKey, cancellationToken);
        if (code is null) return;
        var record = await store.UpdateAsync(code, r =>
        {
            if (r.Status == EscalationStatus.Closed || r.MemberQuietUntil >= until) return false;
            r.MemberQuietUntil = until;
            return true;
        }, cancellationToken);
        if (record is null) return;
        await store.AddEventAsync(code, EscalationEventKind.MemberQuiet, time.GetUtcNow(), record.ClaimedBy, null, cancellationToken);
        if (record is { Status: EscalationStatus.Claimed, ClaimedBy: { } holder } && await volunteers.GetAsync(holder, cancellationToken) is { } volunteer)
            await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, volunteers.PhoneOf(volunteer),
                content.Text(volunteer.PreferredLanguage, "escalation.member_quiet", ("code", code)), MessagePriority.Crisis,
                $"esc-quiet:{code}:{record.ETag}"), cancellationToken);
    }

    private TurnReply Say(Volunteer v, string key, params (string, object?)[] values) => new([content.Text(v.PreferredLanguage, key, values)]);

    private async Task<TurnReply> OnAsync(Volunteer volunteer, CancellationToken ct)
    {
        await volunteers.UpdateAsync(volunteer.Id, v => { v.OnCall = true; v.OptedOut = false; }, ct);
        volunteer.OnCall = true;
        // Whoever was told "no volunteer is available" is still waiting: one summary tells her about all of them,
        // most urgent first, instead of one text per case.
        var waiting = EscalationPager.ByUrgency((await store.NotClosedAsync(ct)).Where(r => r.Status == EscalationStatus.Open));
        await pager.MarkSummarizedAsync(waiting, volunteer.Id, ct);
        LogOnCall(logger, volunteer.Id, true);
        var summary = waiting.Count == 0 ? content.Text(volunteer.PreferredLanguage, "escalation.summary_none") : pager.Summary(volunteer.PreferredLanguage, waiting);
        return Say(volunteer, "escalation.on", ("waiting", waiting.Count), ("summary", summary));
    }

    private async Task<TurnReply> OffAsync(Volunteer volunteer, CancellationToken ct)
    {
        await volunteers.UpdateAsync(volunteer.Id, v => v.OnCall = false, ct);
        // Pages already queued for her would still buzz her phone after she said she is done.
        await outbox.CancelQueuedAsync(EscalationPager.PageTag(volunteer.Id), ct);
        LogOnCall(logger, volunteer.Id, false);
        return Say(volunteer, "escalation.off");
    }

    private async Task<TurnReply> StopAsync(Volunteer volunteer, CancellationToken ct)
    {
        await volunteers.UpdateAsync(volunteer.Id, v => { v.OnCall = false; v.OptedOut = true; }, ct);
        await outbox.CancelQueuedAsync(EscalationPager.PageTag(volunteer.Id), ct);
        LogOnCall(logger, volunteer.Id, false);
        return Say(volunteer, "escalation.stopped");
    }

    private async Task<TurnReply> StartAsync(Volunteer volunteer, CancellationToken ct)
    {
        await volunteers.UpdateAsync(volunteer.Id, v => v.OptedOut = false, ct);
        return Say(volunteer, "escalation.started");
    }

    private async Task<TurnReply> StatusAsync(Volunteer volunteer, CancellationToken ct)
    {
        var waiting = EscalationPager.ByUrgency((await store.NotClosedAsync(ct)).Where(r => r.Status == EscalationStatus.Open)).Select(r => r.Code).ToList();
        var mine = await store.VolunteerCasesAsync(volunteer.Id, ct);
        var none = content.Text(volunteer.PreferredLanguage, "escalation.none");
        return Say(volunteer, "escalation.status",
            ("oncall", content.Text(volunteer.PreferredLanguage, volunteer.OnCall ? "escalation.word_on" : "escalation.word_off")),
            ("waiting", waiting.Count == 0 ? none : string.Join(' ', waiting.Take(5))),
            ("mine", mine.Count == 0 ? none : string.Join(' ', mine)));
    }

    /// <summary>The coordinator hands a case to a volunteer (console): the very claim her CLAIM text makes, with its checks
    /// (on call, her language, her cap). The reply is what she would have been answered; the caller texts it to her.</summary>
    public Task<TurnReply> ClaimOnBehalfAsync(Volunteer volunteer, string code, CancellationToken ct) => ClaimAsync(volunteer, code, ct);

    private async Task<TurnReply> ClaimAsync(Volunteer volunteer, string codeText, CancellationToken ct)
    {
        if (!EscalationCode.TryParse(codeText, out var code)) return Say(volunteer, "escalation.claim_unknown", ("code", codeText.ToUpperInvariant()));
        var mine = await store.VolunteerCasesAsync(volunteer.Id, ct);
        if (mine.Contains(code)) return Say(volunteer, "escalation.claim_already", ("code", code));
        var coordinator = await IsCoordinatorAsync(volunteer, ct);
        if (!volunteer.OnCall && !coordinator) return Say(volunteer, "escalation.claim_off_call", ("code", code));

        var candidate = await store.GetAsync(code, ct);
        if (candidate is null || candidate.Status == EscalationStatus.Closed) return Say(volunteer, "escalation.claim_unknown", ("code", code));
        if (!coordinator && !volunteer.LanguageList.Contains(candidate.Language, StringComparer.OrdinalIgnoreCase))
            return Say(volunteer, "escalation.claim_language", ("code", code), ("language", LanguageName(volunteer.PreferredLanguage, candidate.Language)));

        // The cap is a reservation on her own row (ETag-guarded), taken before the claim and given back if the claim
        // is lost: two claims sent together cannot both pass a count read earlier.
        var reserved = false;
        var held = 0;
        // Her own cap when the coordinator set one on the roster, else the line's.
        var cap = volunteer.CapOr(_maxActive);
        await volunteers.UpdateAsync(volunteer.Id, v =>
        {
            held = v.ActiveCaseCount;
            cap = v.CapOr(_maxActive);
            reserved = v.ActiveCaseCount < cap;
            if (reserved) v.ActiveCaseCount++;
        }, ct);
        if (!reserved) return Say(volunteer, "escalation.claim_limit", ("count", held), ("max", cap));

        EscalationRecord? record = null;
        TurnReply? refusal = null;
        while (true)
        {
            var current = await store.GetAsync(code, ct);
            if (current is null || current.Status == EscalationStatus.Closed) { refusal = Say(volunteer, "escalation.claim_unknown", ("code", code)); break; }
            if (current.Status == EscalationStatus.Claimed)
            {
                refusal = current.ClaimedBy == volunteer.Id ? Say(volunteer, "escalation.claim_already", ("code", code)) : Say(volunteer, "escalation.claim_taken", ("code", code));
                break;
            }
            var now = time.GetUtcNow();
            current.Status = EscalationStatus.Claimed;
            current.ClaimedBy = volunteer.Id;
            current.ClaimedAt = now;
            var firstClaim = current.FirstClaimedAt is null;
            current.FirstClaimedAt ??= now;
            current.LastVolunteerTextAt = null;
            try
            {
                // The ETag read above makes this the race's referee: exactly one claimant's write lands.
                await store.ReplaceAsync(current, ct);
                if (firstClaim) EscalationInstruments.RecordSince(EscalationInstruments.TimeToClaim, current, now);
                record = current;
                break;
            }
            catch (EntityConcurrencyException)
            {
                // Someone wrote first (a claim, or a page count): read again and see who holds it now.
            }
        }
        if (record is null)
        {
            await volunteers.UpdateAsync(volunteer.Id, v => v.ActiveCaseCount = Math.Max(0, v.ActiveCaseCount - 1), ct);
            return refusal!;
        }

        var at = record.ClaimedAt!.Value;
        await store.AddVolunteerCaseAsync(volunteer.Id, code, ct);
        await store.AddEventAsync(code, EscalationEventKind.Claimed, at, volunteer.Id, coordinator ? "coordinator" : null, ct);
        LogClaimed(logger, code, volunteer.Id);

        var address = encryptor.DecryptOptional(record.EncryptedAddress);
        if (address is not null)
            await outbox.EnqueueAsync(new OutboundMessage(record.Channel, address,
                content.Text(record.Language, "escalation.member_claimed", ("name", volunteer.Name)), MessagePriority.Relay,
                $"esc-claimed:{code}:{at.UtcTicks}") { MemberKey = record.MemberKey }, ct);

        var language = volunteer.PreferredLanguage;
        var lines = new List<string> { content.Text(language, "escalation.claim_won", ("code", code), ("max", cap)) };
        var profile = await tables.GetTable<MemberProfile>(MemberProfile.TableName).GetAsync(record.MemberKey, MemberProfile.ProfileRowKey, ct);
        var quiet = record.MemberQuietUntil > at || profile?.SilencedUntil > at;
        lines.Add(content.Text(language, quiet ? "escalation.claim_about_quiet" : "escalation.claim_about", ("code", code),
            ("language", LanguageName(language, record.Language)),
            ("discreet", content.Text(language, profile?.Discreet == true ? "escalation.word_on" : "escalation.word_off"))));
        var context = encryptor.DecryptOptional(record.EncryptedText);
        if (context is not null)
            lines.AddRange(RelayText.Split(context, t => content.Text(language, "escalation.claim_context", ("code", code), ("text", t))).Take(1));
        return new TurnReply(lines);
    }

    private async Task<bool> IsCoordinatorAsync(Volunteer volunteer, CancellationToken ct) =>
        (await lineSettings.CurrentAsync(ct)).CoordinatorPhone is { } coordinator && volunteers.PhoneKeyOf(coordinator) == volunteer.PhoneKey;

    private string LanguageName(string inLanguage, string code) =>
        content.Contains(inLanguage, $"escalation.language_{code}") ? content.Text(inLanguage, $"escalation.language_{code}") : code;

    private async Task<TurnReply> DoneAsync(Volunteer volunteer, string[] args, CancellationToken ct)
    {
        var mine = await store.VolunteerCasesAsync(volunteer.Id, ct);
        if (mine.Count == 0) return Say(volunteer, "escalation.help");
        string code;
        if (args.Length > 0 && EscalationCode.TryParse(args[0], out var typed) && mine.Contains(typed)) { code = typed; args = args[1..]; }
        else if (mine.Count == 1) code = mine[0];
        else return Say(volunteer, "escalation.done_which", ("codes", string.Join(' ', mine)), ("code", mine[0]));

        var outcome = args.Length > 0 ? ParseOutcome(args[0]) : EscalationOutcome.None;
        if (outcome == EscalationOutcome.None) return Say(volunteer, "escalation.done_outcome", ("code", code));

        var now = time.GetUtcNow();
        string? address = null;
        var closed = await store.UpdateAsync(code, r =>
        {
            if (r.Status != EscalationStatus.Claimed || r.ClaimedBy != volunteer.Id) return false;
            address = encryptor.DecryptOptional(r.EncryptedAddress);
            r.Status = EscalationStatus.Closed;
            r.ClosedAt = now;
            r.Outcome = outcome;
            // Her words and number were kept only so a volunteer could help her; the case is over.
            r.EncryptedText = null;
            r.EncryptedAddress = null;
            return true;
        }, ct);
        if (closed is null)
        {
            await store.RemoveVolunteerCaseAsync(volunteer.Id, code, ct);
            return Say(volunteer, "escalation.claim_unknown", ("code", code));
        }
        EscalationInstruments.RecordSince(EscalationInstruments.TimeToClose, closed, now);

        await store.RemoveIndexesAsync(closed, volunteer.Id, ct);
        await volunteers.UpdateAsync(volunteer.Id, v => v.ActiveCaseCount = Math.Max(0, v.ActiveCaseCount - 1), ct);
        await store.AddEventAsync(code, EscalationEventKind.Closed, now, volunteer.Id, outcome.ToString(), ct);
        if (address is not null)
            await outbox.EnqueueAsync(new OutboundMessage(closed.Channel, address, content.Text(closed.Language, ClosingKey(closed)),
                MessagePriority.Relay, $"esc-closed:{code}") { MemberKey = closed.MemberKey }, ct);
        if (address is not null)
            await followUps.RequestFollowUpAsync(new FollowUpRequest(closed.MemberKey, closed.Channel, address, closed.Language, now.AddDays(1)), ct);
        LogClosed(logger, code, outcome);
        return Say(volunteer, "escalation.done_ok", ("code", code), ("outcome", outcome.ToString().ToLowerInvariant()));
    }

    private async Task<TurnReply> RelayToMemberAsync(Volunteer volunteer, InboundMessage message, string text, string[] words, CancellationToken ct)
    {
        var mine = await store.VolunteerCasesAsync(volunteer.Id, ct);
        if (mine.Count == 0) return Say(volunteer, "escalation.help");
        string code;
        string body;
        if (words.Length > 0 && EscalationCode.TryParse(words[0], out var typed) && mine.Contains(typed))
        {
            code = typed;
            body = text[text.IndexOf(words[0], StringComparison.Ordinal)..][words[0].Length..].TrimStart(' ', ':', ',', '-');
        }
        else if (mine.Count == 1) { code = mine[0]; body = text; }
        else return Say(volunteer, "escalation.relay_which", ("codes", string.Join(' ', mine)), ("code", mine[0]));
        if (body.Length == 0) return TurnReply.None;

        var record = await store.GetAsync(code, ct);
        if (record is not { Status: EscalationStatus.Claimed } || record.ClaimedBy != volunteer.Id)
        {
            // The index was stale (the case was re-opened by the silence timer): tidy it and say so.
            await store.RemoveVolunteerCaseAsync(volunteer.Id, code, ct);
            return Say(volunteer, "escalation.claim_unknown", ("code", code));
        }
        var now = time.GetUtcNow();
        // Her code word or STOP: say so rather than queue texts that must never reach her phone.
        if (record.MemberQuietUntil > now) return Say(volunteer, "escalation.relay_frozen", ("code", code));
        var address = encryptor.DecryptOptional(record.EncryptedAddress);
        if (address is null) return Say(volunteer, "escalation.claim_unknown", ("code", code));

        var parts = RelayText.Split(body, t => content.Text(record.Language, "escalation.relay_from_volunteer", ("name", volunteer.Name), ("text", t)));
        for (var i = 0; i < parts.Count; i++)
            await outbox.EnqueueAsync(new OutboundMessage(record.Channel, address, parts[i], MessagePriority.Relay, $"esc-relay:{message.MessageId}:{i}")
                { MemberKey = record.MemberKey }, ct);
        await store.UpdateAsync(code, r =>
        {
            if (r.Status != EscalationStatus.Claimed || r.ClaimedBy != volunteer.Id) return false;
            r.LastVolunteerTextAt = now;
            return true;
        }, ct);
        await store.AddEventAsync(code, EscalationEventKind.Relayed, now, volunteer.Id, "volunteer to member", ct);
        return TurnReply.None;
    }

    /// <summary>A warm closing that fits what the case was about, with the services for it.</summary>
    internal static string ClosingKey(EscalationRecord record) => record.Category switch
    {
        CrisisCategory.Violence => "escalation.member_closing_violence",
        CrisisCategory.Overdose or CrisisCategory.Medical => "escalation.member_closing_overdose",
        CrisisCategory.Suicide or CrisisCategory.SelfHarm => "escalation.member_closing_suicide",
        _ => "escalation.member_closing",
    };

    /// <summary>The DONE words, English and Spanish; documented in escalation.done_outcome.</summary>
    public static EscalationOutcome ParseOutcome(string word) => word.Trim().TrimEnd('.', '!', ',').ToLowerInvariant() switch
    {
        "safe" or "segura" or "bien" => EscalationOutcome.Safe,
        "referred" or "referral" or "derivada" => EscalationOutcome.Referred,
        "emergency" or "911" or "emergencia" => EscalationOutcome.Emergency,
        "noanswer" or "no-answer" or "sinrespuesta" => EscalationOutcome.NoAnswer,
        _ => EscalationOutcome.None,
    };

    [LoggerMessage(EventId = 5133, Level = LogLevel.Error, Message = "Volunteer {VolunteerId}: command failed ({ExceptionType}); she was asked to send it again")]
    private static partial void LogCommandFailed(ILogger logger, string volunteerId, string exceptionType);

    [LoggerMessage(EventId = 5130, Level = LogLevel.Information, Message = "Volunteer {VolunteerId} on call: {OnCall}")]
    private static partial void LogOnCall(ILogger logger, string volunteerId, bool onCall);

    [LoggerMessage(EventId = 5131, Level = LogLevel.Warning, Message = "Escalation {Code} claimed by volunteer {VolunteerId}")]
    private static partial void LogClaimed(ILogger logger, string code, string volunteerId);

    [LoggerMessage(EventId = 5132, Level = LogLevel.Information, Message = "Escalation {Code} closed: {Outcome}")]
    private static partial void LogClosed(ILogger logger, string code, EscalationOutcome outcome);
}
