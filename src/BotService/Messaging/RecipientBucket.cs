using BotService.Privacy;

namespace BotService.Messaging;

/// <summary>
/// A small number derived from a recipient by the keyed hash: stored beside a queued message so the dispatcher can
/// tell which sender of a pool will carry it without decrypting the recipient, and meaningless without the key.
/// </summary>
public static class RecipientBucket
{
    public const int Count = 1024;

    public static int Of(KeyedHasher hasher, string recipientAddress) =>
        Convert.ToInt32(hasher.Hash("recipient-bucket", recipientAddress)[..4], 16) % Count;
}
