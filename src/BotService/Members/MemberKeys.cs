using BotService.Messaging;
using BotService.Privacy;

namespace BotService.Members;

/// <summary>The storage key of whoever sent a message: computed in memory, before any storage access.</summary>
public static class MemberKeys
{
    public static string For(InboundMessage message, KeyedHasher hasher) =>
        message.Channel == ChannelNames.Sms && PhoneNumber.TryNormalize(message.SenderAddress, out var e164)
            ? hasher.PhoneKey(e164)
            : hasher.Hash("channel-user", message.SenderAddress);

    /// <summary>The address as it is kept (encrypted): E.164 for SMS, the channel id elsewhere.</summary>
    public static string NormalizedAddress(InboundMessage message) =>
        message.Channel == ChannelNames.Sms && PhoneNumber.TryNormalize(message.SenderAddress, out var e164) ? e164 : message.SenderAddress;
}
