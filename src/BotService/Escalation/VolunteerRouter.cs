using BotService.Content;
using BotService.Conversation;
using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Escalation;

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
    IFollowUpScheduler followUps,
    IOptions<EscalationOptions> options,
    TimeProvider time,
    ILogger<VolunteerRouter> logger) : IVolunteerRouter
{
    private static readonly char[] Spaces = [' ', '\t', '\r', '\n'];
    private readonly int _maxActive = options.Value.MaxActivePerVolunteer;

    public async Task<TurnReply?> TryHandleVolunteerAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        var volunteer = await volunteers.FindBySenderAsync(message.Channel, message.SenderAddress, cancellationToken);
        if (volunteer is null) return null;

        var text = message.Text.Trim();
        var words = text.Split(Spaces, StringSplitOptions.RemoveEmptyEntries);
        var first = words.Length > 0 ? words[0].ToUpperInvariant() : "";
        // Whole-message words only: "on my way" to a member is a relay, not ON.
        var reply = text.ToUpperInvariant() switch
        {
            "ON" => await OnAsync(volunteer, cancellationToken),
            "OFF" => await OffAsync(volunteer, cancellationToken),
            "STATUS" => await StatusAsync(volunteer, cancellationToken),
            _ when first == "CLAIM" && words.Length == 2 => await ClaimAsync(volunteer, words[1], cancellationToken),
            _ when first == "DONE" => await DoneAsync(volunteer, words[1..], cancellationToken),
            _ => await RelayToMemberAsync(volunteer, message, text, words, cancellationToken),
        };
        return reply;
    }

    public async Task<TurnReply?> TryRelayFromMemberAsync(InboundMessage message, string memberKey, string language, CancellationToken cancellationToken)
    {
        var code = await store.MemberOpenCodeAsync(memberKey, cancellationToken);
        if (code is null) return null;
        var record = await store.GetAsync(code, cancellationToken);
        if (record is not { Status: EscalationStatus.Claimed, ClaimedBy: not null }) return null;
        var volunteer = await volunteers.GetAsync(record.ClaimedBy, cancellationToken);
        if (volunteer is null) return null;

        var body = content.Text(volunteer.PreferredLanguage, "escalation.relay_from_member", ("code", record.Code), ("text", message.Text.Trim()));
        await outbox.EnqueueAsync(new OutboundMessage(Conversation.Channels.Sms, volunteers.PhoneOf(volunteer), body, MessagePriority.Relay,
            $"esc-relay:{message.MessageId}"), cancellationToken);
        await store.AddEventAsync(record.Code, EscalationEventKind.Relayed, time.GetUtcNow(), volunteer.Id, "member to volunteer", cancellationToken);
        return TurnReply.None;
    }

    private TurnReply Say(Volunteer v, string key, params (string, object?)[] values) => new([content.Text(v.PreferredLanguage, key, values)]);

    private async Task<TurnReply> OnAsync(Volunteer volunteer, CancellationToken ct)
    {
        await volunteers.UpdateAsync(volunteer.Id, v => v.OnCall = true, ct);
        volunteer.OnCall = true;
        // Whoever was told "no volunteer is available" is still waiting: the first one back on call hears about her.
        var waiting = (await store.NotClosedAsync(ct)).Where(r => r.Status == EscalationStatus.Open).ToList();
        foreach (var record in waiting)
            await pager.PageAsync(record, matchLanguage: false, EscalationEventKind.Paged, ct, only: volunteer);
        LogOnCall(logger, volunteer.Id, true);
        return Say(volunteer, "escalation.on", ("waiting", waiting.Count));
    }

    private async Task<TurnReply> OffAsync(Volunteer volunteer, CancellationToken ct)
    {
        await volunteers.UpdateAsync(volunteer.Id, v => v.OnCall = false, ct);
        LogOnCall(logger, volunteer.Id, false);
        return Say(volunteer, "escalation.off");
    }

    private async Task<TurnReply> StatusAsync(Volunteer volunteer, CancellationToken ct)
    {
        var waiting = (await store.NotClosedAsync(ct)).Where(r => r.Status == EscalationStatus.Open).Select(r => r.Code).ToList();
        var mine = await store.VolunteerCasesAsync(volunteer.Id, ct);
        var none = content.Text(volunteer.PreferredLanguage, "escalation.none");
        return Say(volunteer, "escalation.status",
            ("oncall", content.Text(volunteer.PreferredLanguage, volunteer.OnCall ? "escalation.word_on" : "escalation.word_off")),
            ("waiting", waiting.Count == 0 ? none : string.Join(' ', waiting.Take(5))),
            ("mine", mine.Count == 0 ? none : string.Join(' ', mine)));
    }

    private async Task<TurnReply> ClaimAsync(Volunteer volunteer, string codeText, CancellationToken ct)
    {
        if (!EscalationCode.TryParse(codeText, out var code)) return Say(volunteer, "escalation.claim_unknown", ("code", codeText.ToUpperInvariant()));
        var mine = await store.VolunteerCasesAsync(volunteer.Id, ct);
        if (mine.Contains(code)) return Say(volunteer, "escalation.claim_already", ("code", code));
        if (mine.Count >= _maxActive) return Say(volunteer, "escalation.claim_limit", ("count", mine.Count), ("max", _maxActive));

        EscalationRecord record;
        while (true)
        {
            var current = await store.GetAsync(code, ct);
            if (current is null || current.Status == EscalationStatus.Closed) return Say(volunteer, "escalation.claim_unknown", ("code", code));
            if (current.Status == EscalationStatus.Claimed)
                return current.ClaimedBy == volunteer.Id ? Say(volunteer, "escalation.claim_already", ("code", code)) : Say(volunteer, "escalation.claim_taken", ("code", code));
            var now = time.GetUtcNow();
            current.Status = EscalationStatus.Claimed;
            current.ClaimedBy = volunteer.Id;
            current.ClaimedAt = now;
            current.FirstClaimedAt ??= now;
            current.LastVolunteerTextAt = null;
            try
            {
                // The ETag read above makes this the race's referee: exactly one claimant's write lands.
                await store.ReplaceAsync(current, ct);
                record = current;
                break;
            }
            catch (EntityConcurrencyException)
            {
                // Someone wrote first (a claim, or a page count): read again and see who holds it now.
            }
        }

        var at = record.ClaimedAt!.Value;
        await store.AddVolunteerCaseAsync(volunteer.Id, code, ct);
        await volunteers.UpdateAsync(volunteer.Id, v => v.ActiveCaseCount = mine.Count + 1, ct);
        await store.AddEventAsync(code, EscalationEventKind.Claimed, at, volunteer.Id, null, ct);
        LogClaimed(logger, code, volunteer.Id);

        var address = encryptor.DecryptOptional(record.EncryptedAddress);
        if (address is not null)
            await outbox.EnqueueAsync(new OutboundMessage(record.Channel, address,
                content.Text(record.Language, "escalation.member_claimed", ("name", volunteer.Name)), MessagePriority.Relay,
                $"esc-claimed:{code}:{at.UtcTicks}"), ct);

        var lines = new List<string> { content.Text(volunteer.PreferredLanguage, "escalation.claim_won", ("code", code), ("max", _maxActive)) };
        var context = encryptor.DecryptOptional(record.EncryptedText);
        if (context is not null)
            lines.Add(content.Text(volunteer.PreferredLanguage, "escalation.claim_context", ("code", code), ("text", context)));
        return new TurnReply(lines);
    }

    private async Task<TurnReply> DoneAsync(Volunteer volunteer, string[] args, CancellationToken ct)
    {
        var mine = await store.VolunteerCasesAsync(volunteer.Id, ct);
        if (mine.Count == 0) return Say(volunteer, "escalation.help");
        string code;
        if (args.Length > 0 && EscalationCode.TryParse(args[0], out var typed) && mine.Contains(typed)) { code = typed; args = args[1..]; }
        else if (mine.Count == 1) code = mine[0];
        else return Say(volunteer, "escalation.done_which", ("codes", string.Join(' ', mine)));

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

        await store.RemoveIndexesAsync(closed, volunteer.Id, ct);
        await volunteers.UpdateAsync(volunteer.Id, v => v.ActiveCaseCount = Math.Max(0, mine.Count - 1), ct);
        await store.AddEventAsync(code, EscalationEventKind.Closed, now, volunteer.Id, outcome.ToString(), ct);
        if (address is not null)
            await outbox.EnqueueAsync(new OutboundMessage(closed.Channel, address, content.Text(closed.Language, "escalation.member_closing"),
                MessagePriority.Relay, $"esc-closed:{code}"), ct);
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
        var address = encryptor.DecryptOptional(record.EncryptedAddress);
        if (address is null) return Say(volunteer, "escalation.claim_unknown", ("code", code));

        var outgoing = content.Text(record.Language, "escalation.relay_from_volunteer", ("name", volunteer.Name), ("text", body));
        await outbox.EnqueueAsync(new OutboundMessage(record.Channel, address, outgoing, MessagePriority.Relay, $"esc-relay:{message.MessageId}"), ct);
        var now = time.GetUtcNow();
        await store.UpdateAsync(code, r =>
        {
            if (r.Status != EscalationStatus.Claimed || r.ClaimedBy != volunteer.Id) return false;
            r.LastVolunteerTextAt = now;
            return true;
        }, ct);
        await store.AddEventAsync(code, EscalationEventKind.Relayed, now, volunteer.Id, "volunteer to member", ct);
        return TurnReply.None;
    }

    /// <summary>The DONE words, English and Spanish; documented in escalation.done_outcome.</summary>
    public static EscalationOutcome ParseOutcome(string word) => word.Trim().TrimEnd('.', '!', ',').ToLowerInvariant() switch
    {
        "safe" or "segura" or "bien" => EscalationOutcome.Safe,
        "referred" or "referral" or "derivada" => EscalationOutcome.Referred,
        "emergency" or "911" or "emergencia" => EscalationOutcome.Emergency,
        "noanswer" or "no-answer" or "sinrespuesta" => EscalationOutcome.NoAnswer,
        _ => EscalationOutcome.None,
    };

    [LoggerMessage(EventId = 5130, Level = LogLevel.Information, Message = "Volunteer {VolunteerId} on call: {OnCall}")]
    private static partial void LogOnCall(ILogger logger, string volunteerId, bool onCall);

    [LoggerMessage(EventId = 5131, Level = LogLevel.Warning, Message = "Escalation {Code} claimed by volunteer {VolunteerId}")]
    private static partial void LogClaimed(ILogger logger, string code, string volunteerId);

    [LoggerMessage(EventId = 5132, Level = LogLevel.Information, Message = "Escalation {Code} closed: {Outcome}")]
    private static partial void LogClosed(ILogger logger, string code, EscalationOutcome outcome);
}
