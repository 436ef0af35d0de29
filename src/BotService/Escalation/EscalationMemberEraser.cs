using BotService.Conversation;

namespace BotService.Escalation;

/// <summary>
/// DELETE MY DATA for escalations: closed ones keep their timings and outcome for the coordinator's metrics but lose
/// every link to her (member key, encrypted number). An escalation still open stays linked: a volunteer may be
/// talking with her right now, and cutting that off in the middle of a crisis would be the wrong kind of privacy.
/// </summary>
public sealed class EscalationMemberEraser(EscalationStore store) : IMemberDataEraser
{
    public const string ErasedMemberKey = "erased";

    public async Task EraseAsync(string memberKey, CancellationToken cancellationToken)
    {
        var stillOpen = false;
        foreach (var record in await store.AllAsync(cancellationToken))
        {
            if (record.MemberKey != memberKey) continue;
            if (record.Status != EscalationStatus.Closed)
            {
                stillOpen = true;
                continue;
            }
            await store.UpdateAsync(record.Code, r =>
            {
                if (r.MemberKey != memberKey) return false;
                r.MemberKey = ErasedMemberKey;
                r.EncryptedAddress = null;
                r.EncryptedText = null;
                return true;
            }, cancellationToken);
        }
        if (!stillOpen) await store.RemoveMemberSlotAsync(memberKey, cancellationToken);
    }
}
