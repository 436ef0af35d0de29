using BotService.Messaging;
using BotService.Privacy;
using BotService.Storage;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Everything a coordinator can do from the console, on the same services the volunteers' texts and the /admin API
/// use (the pager, the claim, the closer, the directory). Every action writes one audit entry.
/// </summary>
public sealed class CoordinatorActions(
    EscalationStore store,
    EscalationPager pager,
    EscalationCloser closer,
    VolunteerDirectory volunteers,
    IVolunteerRouter router,
    IOutbox outbox,
    FieldEncryptor encryptor,
    AuditLog audit,
    LineSettingsStore lineSettings,
    IOptions<EscalationOptions> escalation,
    TimeProvider time)
{
    /// <summary>The line's cap (Escalation:MaxActivePerVolunteer): a volunteer's own cap, set on the roster, overrides it.</summary>
    public int MaxActivePerVolunteer => escalation.Value.MaxActivePerVolunteer;

    /// <summary>The most cases <paramref name="v"/> holds at once.</summary>
    public int CapOf(Volunteer v) => v.CapOr(MaxActivePerVolunteer);

    /// <summary>The highest cap the roster accepts.</summary>
    public const int MaxCap = 20;

    public async Task<ActionOutcome> RepageAsync(string actor, string code, CancellationToken ct)
    {
        var record = await store.GetAsync(code, ct);
        if (record is null || record.Status == EscalationStatus.Closed) return ActionOutcome.Refused($"{code} is not open.");
        if (record.Status == EscalationStatus.Claimed) return ActionOutcome.Refused($"{code} is already held by a volunteer.");
        var paged = await pager.PageAsync(record, matchLanguage: true, EscalationEventKind.Repaged, ct);
        await audit.WriteAsync(actor, "re-paged", code, null, $"{paged} volunteer(s) paged", ct);
        return paged == 0
            ? ActionOutcome.Refused("Nobody could be paged: nobody is on call, or the line is outside its operating hours.")
            : ActionOutcome.Done($"{code}: {paged} volunteer(s) paged again.");
    }

    /// <summary>Volunteers the case may be handed to: on call, speaking her language, under her cap.</summary>
    public async Task<IReadOnlyList<Volunteer>> EligibleAsync(EscalationRecord record, CancellationToken ct) =>
        (await volunteers.AllAsync(ct)).Where(v => EscalationPager.Pageable(v) && Speaks(v, record.Language) && v.ActiveCaseCount < CapOf(v))
            .OrderBy(v => v.ActiveCaseCount).ThenBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase).ToList();

    public async Task<ActionOutcome> AssignAsync(string actor, string code, string volunteerId, CancellationToken ct)
    {
        var record = await store.GetAsync(code, ct);
        if (record is null || record.Status == EscalationStatus.Closed) return ActionOutcome.Refused($"{code} is not open.");
        if (record.Status == EscalationStatus.Claimed) return ActionOutcome.Refused($"{code} is already held by a volunteer.");
        var volunteer = await volunteers.GetAsync(volunteerId, ct);
        if (volunteer is null) return ActionOutcome.Refused("No such volunteer.");
        if (!EscalationPager.Pageable(volunteer)) return ActionOutcome.Refused($"{volunteer.Name} is not on call.");
        if (!Speaks(volunteer, record.Language)) return ActionOutcome.Refused($"{volunteer.Name} does not speak {record.Language}.");
        if (volunteer.ActiveCaseCount >= CapOf(volunteer))
            return ActionOutcome.Refused($"{volunteer.Name} already holds {volunteer.ActiveCaseCount} case(s), her cap.");
        if (router is not VolunteerRouter claims) return ActionOutcome.Refused("Assigning is not available on this host.");

        // The same claim her CLAIM text makes; what it answers is texted to her, so she knows the case is hers and how to reach her.
        var reply = await claims.ClaimOnBehalfAsync(volunteer, code, ct);
        var after = await store.GetAsync(code, ct);
        var won = after is { Status: EscalationStatus.Claimed } && after.ClaimedBy == volunteer.Id;
        if (won)
        {
            var phone = volunteers.PhoneOf(volunteer);
            var stamp = after!.ClaimedAt?.UtcTicks ?? time.GetUtcNow().UtcTicks;
            for (var i = 0; i < reply.Messages.Count; i++)
                await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, phone, reply.Messages[i], MessagePriority.Crisis,
                    $"console-assign:{code}:{volunteer.Id}:{stamp}:{i}"), ct);
        }
        await audit.WriteAsync(actor, won ? "assigned" : "assign refused", code, volunteer.Id, volunteer.Name, ct);
        return won ? ActionOutcome.Done($"{code} assigned to {volunteer.Name}; she has been texted.")
            : ActionOutcome.Refused($"{code} could not be assigned to {volunteer.Name} (someone else may have claimed it).");
    }

    public async Task<ActionOutcome> CloseAsync(string actor, string code, string? outcomeText, string? reasonText, CancellationToken ct)
    {
        var problem = CoordinatorInput.CheckReason(reasonText, out var reason) ?? CoordinatorInput.CheckOutcome(outcomeText, out _);
        if (problem is not null) return ActionOutcome.Refused(problem);
        CoordinatorInput.CheckOutcome(outcomeText, out var outcome);
        var closed = await closer.CloseAsync(code, outcome, reason, ct);
        if (closed is true) await audit.WriteAsync(actor, outcome == EscalationOutcome.Dismissed ? "dismissed" : "closed", code, null, $"{outcome}: {reason}", ct);
        return closed switch
        {
            null => ActionOutcome.Refused($"There is no case {code}."),
            false => ActionOutcome.Refused($"{code} was already closed."),
            true => ActionOutcome.Done($"{code} closed ({outcome.ToString().ToLowerInvariant()})."),
        };
    }

    public async Task<ActionOutcome> AddNoteAsync(string actor, string code, string? text, CancellationToken ct)
    {
        var note = text?.Trim() ?? "";
        if (note.Length is 0 or > 500) return ActionOutcome.Refused("A note is 1 to 500 characters.");
        if (await store.GetAsync(code, ct) is null) return ActionOutcome.Refused($"There is no case {code}.");
        await audit.WriteAsync(actor, "note", code, null, note, ct);
        return ActionOutcome.Done("Note added.");
    }

    /// <summary>The text that opened a case still open, with phone-like digits masked; the reading itself is audited.</summary>
    public async Task<string?> RevealOpeningTextAsync(string actor, string code, CancellationToken ct)
    {
        var record = await store.GetAsync(code, ct);
        if (record is null || record.Status == EscalationStatus.Closed) return null;
        var text = encryptor.DecryptOptional(record.EncryptedText);
        if (text is null) return null;
        await audit.WriteAsync(actor, "showed message", code, null, null, ct);
        return AuditLog.MaskPhones(text);
    }

    public async Task<ActionOutcome> AddVolunteerAsync(string actor, string? nameText, string? phoneText, string? languagesText, CancellationToken ct)
    {
        var problems = new[]
        {
            CoordinatorInput.CheckName(nameText, out var name), CoordinatorInput.CheckPhone(phoneText, out var e164),
            CoordinatorInput.CheckLanguages(SplitLanguages(languagesText), out var languages),
        };
        if (problems.FirstOrDefault(p => p is not null) is { } problem) return ActionOutcome.Refused(problem);
        try
        {
            var v = await volunteers.AddAsync(name, e164, languages, time.GetUtcNow(), ct);
            await audit.WriteAsync(actor, "added volunteer", null, v.Id, v.Name, ct);
            return ActionOutcome.Done($"{v.Name} added (off call until she or you turn her on).");
        }
        catch (EntityAlreadyExistsException)
        {
            return ActionOutcome.Refused("A volunteer with this phone number is already registered.");
        }
    }

    /// <summary>Her name, languages and cap. An empty cap means the line's (Escalation:MaxActivePerVolunteer); a cap
    /// below what she holds now only stops new cases reaching her.</summary>
    public async Task<ActionOutcome> EditVolunteerAsync(string actor, string id, string? nameText, string? languagesText, string? capText, CancellationToken ct)
    {
        var problems = new[] { CoordinatorInput.CheckName(nameText, out var name), CoordinatorInput.CheckLanguages(SplitLanguages(languagesText), out var languages), CheckCap(capText, out var cap) };
        if (problems.FirstOrDefault(p => p is not null) is { } problem) return ActionOutcome.Refused(problem);
        var v = await volunteers.UpdateAsync(id, v => { v.Name = name; v.Languages = string.Join(',', languages); v.MaxActive = cap; }, ct);
        if (v is null) return ActionOutcome.Refused("No such volunteer.");
        var capDetail = cap is null ? $"the line's cap ({MaxActivePerVolunteer})" : $"cap {cap}";
        await audit.WriteAsync(actor, "edited volunteer", null, id, $"{name}: {string.Join(", ", languages)}; {capDetail}", ct);
        return ActionOutcome.Done($"{name} saved.");
    }

    private static string? CheckCap(string? text, out int? cap)
    {
        cap = null;
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (!int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) || value is < 1 or > MaxCap)
            return $"A cap is a whole number from 1 to {MaxCap}, or empty for the line's.";
        cap = value;
        return null;
    }

    public async Task<ActionOutcome> SetOnCallAsync(string actor, string id, bool onCall, CancellationToken ct)
    {
        var v = await volunteers.UpdateAsync(id, v => v.OnCall = onCall && !v.OptedOut, ct);
        if (v is null) return ActionOutcome.Refused("No such volunteer.");
        if (onCall && v.OptedOut) return ActionOutcome.Refused($"{v.Name} texted STOP; she has to text START herself before she can be paged.");
        // Pages already queued for her would still buzz her phone after she was taken off call.
        if (!onCall) await outbox.CancelQueuedAsync(EscalationPager.PageTag(id), ct);
        await audit.WriteAsync(actor, onCall ? "put on call" : "took off call", null, id, v.Name, ct);
        return ActionOutcome.Done($"{v.Name} is {(onCall ? "on" : "off")} call.");
    }

    /// <summary>Sets when volunteers are paged and who is paged when a case waits too long (empty clears the number).
    /// The number is never shown back or written to the audit trail, only whether it is set.</summary>
    public async Task<ActionOutcome> SetLineAsync(string actor, string? hours, string? coordinatorPhone, CancellationToken ct)
    {
        hours = string.IsNullOrWhiteSpace(hours) ? null : hours;
        if (await lineSettings.SaveAsync(hours, coordinatorPhone, ct) is { } error) return ActionOutcome.Refused(error);
        var now = await lineSettings.CurrentAsync(ct);
        var detail = $"hours {now.HoursText}; coordinator's number {(now.CoordinatorPhone is null ? "not set" : "set")}";
        await audit.WriteAsync(actor, "changed the line's settings", null, null, detail, ct);
        return ActionOutcome.Done("Saved: " + detail + ".");
    }

    /// <summary>Her claimed cases go back to the queue (open, paged again by the timers) before she is removed.</summary>
    public async Task<ActionOutcome> RemoveVolunteerAsync(string actor, string id, CancellationToken ct)
    {
        var v = await volunteers.GetAsync(id, ct);
        if (v is null) return ActionOutcome.Refused("No such volunteer.");
        var returned = new List<string>();
        foreach (var code in await store.VolunteerCasesAsync(id, ct))
        {
            var reopened = await store.UpdateAsync(code, r =>
            {
                if (r.Status != EscalationStatus.Claimed || r.ClaimedBy != id) return false;
                r.Status = EscalationStatus.Open;
                r.ClaimedBy = null;
                r.ClaimedAt = null;
                r.LastVolunteerTextAt = null;
                return true;
            }, ct);
            await store.RemoveVolunteerCaseAsync(id, code, ct);
            if (reopened is null) continue;
            await store.AddEventAsync(code, EscalationEventKind.SilenceReopened, time.GetUtcNow(), id, "volunteer removed", ct);
            returned.Add(code);
        }
        await outbox.CancelQueuedAsync(EscalationPager.PageTag(id), ct);
        await volunteers.DeleteAsync(id, ct);
        await audit.WriteAsync(actor, "removed volunteer", null, id, returned.Count == 0 ? v.Name : $"{v.Name}; back to the queue: {string.Join(' ', returned)}", ct);
        return ActionOutcome.Done(returned.Count == 0 ? $"{v.Name} removed." : $"{v.Name} removed; {string.Join(", ", returned)} back in the queue.");
    }

    /// <summary>A thank-you or check-in text to a volunteer, in the coordinator's words (no member is named in it).</summary>
    public async Task<ActionOutcome> TextVolunteerAsync(string actor, string id, string? text, CancellationToken ct)
    {
        var body = text?.Trim() ?? "";
        if (body.Length is 0 or > 320) return ActionOutcome.Refused("A text is 1 to 320 characters.");
        var v = await volunteers.GetAsync(id, ct);
        if (v is null) return ActionOutcome.Refused("No such volunteer.");
        await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, volunteers.PhoneOf(v), body, MessagePriority.Normal,
            $"console-text:{id}:{time.GetUtcNow().UtcTicks}"), ct);
        await audit.WriteAsync(actor, "texted volunteer", null, id, v.Name, ct);
        return ActionOutcome.Done($"Text to {v.Name} queued.");
    }

    private static bool Speaks(Volunteer v, string language) => v.LanguageList.Contains(language, StringComparer.OrdinalIgnoreCase);

    private static string[] SplitLanguages(string? text) => (text ?? "").Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries);
}
