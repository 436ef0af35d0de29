using BotService.Content;
using BotService.Messaging;
using BotService.Privacy;

namespace BotService.Volunteers;

/// <summary>
/// DELETE MY DATA for escalations. Every case of hers is unlinked (member key, number, words); one still open is
/// closed as well, because an open case would let a volunteer claim it later, read what she wrote and text a number
/// whose owner asked to be forgotten. The volunteer holding it gets one line: closed, do not contact her. Timings and
/// outcomes stay for the coordinator's metrics.
/// </summary>
public sealed class EscalationMemberEraser(EscalationStore store, VolunteerDirectory volunteers, IOutbox outbox, ContentCatalog content, TimeProvider time)
    : IMemberDataEraser
{
    public const string ErasedMemberKey = "erased";

    public async Task EraseAsync(string memberKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var record in await store.AllAsync(cancellationToken))
        {
            if (record.MemberKey != memberKey) continue;
            string? holder = null;
            var wasOpen = false;
            var erased = await store.UpdateAsync(record.Code, r =>
            {
                if (r.MemberKey != memberKey) return false;
                wasOpen = r.Status != EscalationStatus.Closed;
                if (wasOpen)
                {
                    holder = r.Status == EscalationStatus.Claimed ? r.ClaimedBy : null;
                    r.Status = EscalationStatus.Closed;
                    r.ClosedAt = now;
                    r.Outcome = EscalationOutcome.Erased;
                    r.ClaimedBy = null;
                }
                r.MemberKey = ErasedMemberKey;
                r.EncryptedAddress = null;
                r.EncryptedText = null;
                return true;
            }, cancellationToken);
            if (erased is null || !wasOpen) continue;

            await store.RemoveIndexesAsync(record, holder, cancellationToken);
            await store.AddEventAsync(record.Code, EscalationEventKind.Closed, now, holder, nameof(EscalationOutcome.Erased), cancellationToken);
            if (holder is not null && await volunteers.UpdateAsync(holder, v => v.ActiveCaseCount = Math.Max(0, v.ActiveCaseCount - 1), cancellationToken) is { } volunteer)
                await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, volunteers.PhoneOf(volunteer),
                    content.Text(volunteer.PreferredLanguage, "escalation.member_erased", ("code", record.Code)), MessagePriority.Crisis,
                    $"esc-erased:{record.Code}"), cancellationToken);
        }
        await store.RemoveMemberSlotAsync(memberKey, cancellationToken);
    }
}
