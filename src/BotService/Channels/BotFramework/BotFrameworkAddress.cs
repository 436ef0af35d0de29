namespace BotService.Channels.BotFramework;

/// <summary>
/// The outbox's RecipientAddress for this channel. Never a URL or a raw channel id in clear when we write it:
/// <list type="bullet">
/// <item>"{memberKey}" — proactive (check-ins, relays): a new message in her stored conversation;</item>
/// <item>"{memberKey}|{replyToId}" — a reply within the turn that answered activity <c>replyToId</c>;</item>
/// <item>"{channelId}:{userId}" — the sender address the turn pipeline knows her by; hashed to the member key.</item>
/// </list>
/// </summary>
public readonly record struct BotFrameworkAddress(string MemberKey, string? ReplyToId)
{
    private const int MemberKeyLength = 64;

    public override string ToString() => ReplyToId is null ? MemberKey : MemberKey + "|" + ReplyToId;

    public static BotFrameworkAddress Parse(string recipientAddress, Func<string, string> memberKeyOfSenderAddress)
    {
        if (recipientAddress.Length >= MemberKeyLength && IsMemberKey(recipientAddress.AsSpan(0, MemberKeyLength)))
        {
            if (recipientAddress.Length == MemberKeyLength) return new(recipientAddress, null);
            if (recipientAddress[MemberKeyLength] == '|' && recipientAddress.Length > MemberKeyLength + 1)
                return new(recipientAddress[..MemberKeyLength], recipientAddress[(MemberKeyLength + 1)..]);
        }
        return new(memberKeyOfSenderAddress(recipientAddress), null);
    }

    // KeyedHasher output: 64 lowercase hex digits. A channel address always has a ':' so the two never collide.
    private static bool IsMemberKey(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f'))) return false;
        return true;
    }
}
