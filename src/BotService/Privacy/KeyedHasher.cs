using System.Security.Cryptography;
using System.Text;

namespace BotService.Privacy;

/// <summary>
/// Turns an identifier (phone number, channel user id) into a stable storage key. Keyed (HMAC-SHA256), so a copy
/// of the tables alone cannot be matched against a list of phone numbers.
/// </summary>
public sealed class KeyedHasher
{
    private readonly byte[] _key;

    public KeyedHasher(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("The hash key must be at least 32 bytes.", nameof(key));
        _key = key;
    }

    /// <summary>Lowercase hex, safe as a PartitionKey or RowKey. The purpose keeps a phone hash and, say,
    /// a code-word hash from ever being comparable.</summary>
    public string Hash(string purpose, string value)
    {
        var input = Encoding.UTF8.GetBytes(purpose + "\n" + value);
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(_key, input, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>The storage key of a normalized phone number.</summary>
    public string PhoneKey(string e164) => Hash("phone", e164);
}
