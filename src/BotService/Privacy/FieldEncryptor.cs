using System.Security.Cryptography;
using System.Text;

namespace BotService.Privacy;

/// <summary>
/// AES-256-GCM for the few values we must keep readable (phone numbers, a check-in note, the message that opened an
/// escalation). The ciphertext carries the id of its key ("v1:{keyId}:{base64}") so keys can rotate.
/// </summary>
public sealed class FieldEncryptor
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly (string Id, byte[] Key) _current;
    private readonly Dictionary<string, byte[]> _byId = new(StringComparer.Ordinal);

    public FieldEncryptor(byte[] currentKey, IEnumerable<byte[]>? previousKeys = null)
    {
        _current = (KeyId(currentKey), currentKey);
        _byId[_current.Id] = currentKey;
        foreach (var key in previousKeys ?? []) _byId.TryAdd(KeyId(key), key);
    }

    public string CurrentKeyId => _current.Id;

    public string Encrypt(string plaintext)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var buffer = new byte[NonceSize + plain.Length + TagSize];
        var nonce = buffer.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_current.Key, TagSize);
        aes.Encrypt(nonce, plain, buffer.AsSpan(NonceSize, plain.Length), buffer.AsSpan(NonceSize + plain.Length), AssociatedData(_current.Id));
        return $"v1:{_current.Id}:{Convert.ToBase64String(buffer)}";
    }

    public string Decrypt(string protectedValue)
    {
        var parts = protectedValue.Split(':', 3);
        if (parts.Length != 3 || parts[0] != "v1")
            throw new CryptographicException("Not a value written by FieldEncryptor.");
        if (!_byId.TryGetValue(parts[1], out var key))
            throw new CryptographicException($"Encryption key '{parts[1]}' is not configured (add it to Privacy:PreviousEncryptionKeys).");
        var buffer = Convert.FromBase64String(parts[2]);
        if (buffer.Length < NonceSize + TagSize) throw new CryptographicException("Ciphertext too short.");
        var cipherLength = buffer.Length - NonceSize - TagSize;
        var plain = new byte[cipherLength];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(buffer.AsSpan(0, NonceSize), buffer.AsSpan(NonceSize, cipherLength), buffer.AsSpan(NonceSize + cipherLength), plain, AssociatedData(parts[1]));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Null-friendly helpers for optional columns.</summary>
    public string? EncryptOptional(string? plaintext) => plaintext is null ? null : Encrypt(plaintext);
    public string? DecryptOptional(string? protectedValue) => protectedValue is null ? null : Decrypt(protectedValue);

    // Binding the key id into the tag stops an attacker from relabelling a ciphertext with another key id.
    private static byte[] AssociatedData(string keyId) => Encoding.ASCII.GetBytes("v1:" + keyId);

    private static string KeyId(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key).AsSpan(0, 4));
}
