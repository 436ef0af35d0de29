using BotService.Content;
using BotService.Messaging;

namespace BotService.Volunteers;

/// <summary>
/// The coordinator closes or dismisses a case (admin API), with a reason in her own words. Her number and words go
/// as on any close; the volunteer holding it, if any, is told and freed. The member is not texted: a dismissed case
/// is usually a test or a duplicate, and a real one the coordinator has handled herself.
/// </summary>
public sealed class EscalationCloser(EscalationStore store, VolunteerDirectory volunteers, IOutbox outbox, ContentCatalog content, TimeProvider time)
{
    /// <summary>Null when there is no such case, false when it was already closed.</summary>
    public async Task<bool?> CloseAsync(string code, EscalationOutcome outcome, string reason, CancellationToken ct)
    {
        var before = await store.GetAsync(code, ct);
        if (before is null) return null;
        var now = time.GetUtcNow();
        string? holder = null;
        var closed = await store.UpdateAsync(code, r =>
        {
            if (r.Status == EscalationStatus.Closed) return false;
            holder = r.Status == EscalationStatus.Claimed ? r.ClaimedBy : null;
            r.Status = EscalationStatus.Closed;
            r.ClosedAt = now;
            r.Outcome = outcome;
            r.CloseReason = reason;
            r.ClaimedBy = null;
            r.EncryptedText = null;
            r.EncryptedAddress = null;
            return true;
        }, ct);
        if (closed is null) return false;
        EscalationInstruments.RecordSince(EscalationInstruments.TimeToClose, closed, now);
        await store.RemoveIndexesAsync(closed, holder, ct);
        await store.AddEventAsync(code, EscalationEventKind.Closed, now, holder, $"coordinator: {outcome}", ct);
        if (holder is not null && await volunteers.UpdateAsync(holder, v => v.ActiveCaseCount = Math.Max(0, v.ActiveCaseCount - 1), ct) is { } volunteer)
            await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, volunteers.PhoneOf(volunteer),
                content.Text(volunteer.PreferredLanguage, "escalation.closed_by_coordinator", ("code", code)), MessagePriority.Relay,
                $"esc-admin-closed:{code}"), ct);
        return true;
    }
}
