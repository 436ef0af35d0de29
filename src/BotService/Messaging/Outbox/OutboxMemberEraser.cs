using BotService.Privacy;

namespace BotService.Messaging.Outbox;

/// <summary>DELETE MY DATA for the outbox. Rows queued before the member key was recorded on them are found by their
/// recipient: an SMS number whose keyed hash is her key.</summary>
public sealed class OutboxMemberEraser(TableOutbox outbox, KeyedHasher hasher) : IMemberDataEraser
{
    public Task EraseAsync(string memberKey, CancellationToken cancellationToken) =>
        outbox.EraseMemberAsync(memberKey, (channel, address) =>
            channel == ChannelNames.Sms && PhoneNumber.TryNormalize(address, out var e164) && hasher.PhoneKey(e164) == memberKey,
            cancellationToken);
}
