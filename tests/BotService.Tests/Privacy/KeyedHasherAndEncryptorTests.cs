using System.Security.Cryptography;
using BotService.Privacy;

namespace BotService.Tests.Privacy;

public class KeyedHasherAndEncryptorTests
{
    private static byte[] Key() => RandomNumberGenerator.GetBytes(32);

    [Fact]
    public void Phone_keys_are_stable_per_key_and_unlinkable_across_keys_and_purposes()
    {
        var key = Key();
        var a = new KeyedHasher(key);
        var b = new KeyedHasher(key);
        var other = new KeyedHasher(Key());

        Assert.Equal(a.PhoneKey("+15551234567"), b.PhoneKey("+15551234567"));
        Assert.NotEqual(a.PhoneKey("+15551234567"), other.PhoneKey("+15551234567"));
        Assert.NotEqual(a.PhoneKey("+15551234567"), a.Hash("codeword", "+15551234567"));
        Assert.Matches("^[0-9a-f]{64}$", a.PhoneKey("+15551234567"));
        Assert.DoesNotContain("5551234567", a.PhoneKey("+15551234567"));
    }

    [Fact]
    public void Encryption_round_trips_and_hides_the_text()
    {
        var encryptor = new FieldEncryptor(Key());
        var secret = "+15551234567 tuve un día difícil 💜";
        var sealed1 = encryptor.Encrypt(secret);
        var sealed2 = encryptor.Encrypt(secret);

        Assert.Equal(secret, encryptor.Decrypt(sealed1));
        Assert.NotEqual(sealed1, sealed2); // fresh nonce every time
        Assert.StartsWith($"v1:{encryptor.CurrentKeyId}:", sealed1);
        Assert.DoesNotContain("5551234567", sealed1);
    }

    [Fact]
    public void Keys_rotate_old_values_still_read_with_previous_keys()
    {
        var oldKey = Key();
        var written = new FieldEncryptor(oldKey).Encrypt("+15551234567");

        var rotated = new FieldEncryptor(Key(), [oldKey]);
        Assert.Equal("+15551234567", rotated.Decrypt(written));
        Assert.NotEqual(written.Split(':')[1], rotated.CurrentKeyId);

        var withoutOld = new FieldEncryptor(Key());
        var error = Assert.Throws<CryptographicException>(() => withoutOld.Decrypt(written));
        Assert.Contains("PreviousEncryptionKeys", error.Message);
    }

    [Fact]
    public void Tampering_is_detected()
    {
        var encryptor = new FieldEncryptor(Key());
        var sealedValue = encryptor.Encrypt("note");
        var bytes = Convert.FromBase64String(sealedValue.Split(':')[2]);
        bytes[^1] ^= 1;
        var tampered = string.Join(':', sealedValue.Split(':')[..2]) + ":" + Convert.ToBase64String(bytes);
        Assert.ThrowsAny<CryptographicException>(() => encryptor.Decrypt(tampered));
    }

    [Fact]
    public void Outside_development_missing_keys_stop_startup_naming_the_setting()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var error = Assert.Throws<InvalidOperationException>(() => PrivacyKeys.Resolve(new PrivacyOptions(), isDevelopment: false, dir));
        Assert.Contains("Privacy:HashKey", error.Message);

        var onlyHash = new PrivacyOptions { HashKey = Convert.ToBase64String(Key()) };
        error = Assert.Throws<InvalidOperationException>(() => PrivacyKeys.Resolve(onlyHash, isDevelopment: false, dir));
        Assert.Contains("Privacy:EncryptionKey", error.Message);

        var shortKey = new PrivacyOptions { HashKey = Convert.ToBase64String(new byte[16]), EncryptionKey = Convert.ToBase64String(Key()) };
        error = Assert.Throws<InvalidOperationException>(() => PrivacyKeys.Resolve(shortKey, isDevelopment: false, dir));
        Assert.Contains("Privacy:HashKey must decode to 32 bytes", error.Message);
    }

    [Fact]
    public void In_development_keys_are_generated_once_and_reused()
    {
        var dir = Directory.CreateTempSubdirectory().FullName;
        var first = PrivacyKeys.Resolve(new PrivacyOptions(), isDevelopment: true, dir);
        var second = PrivacyKeys.Resolve(new PrivacyOptions(), isDevelopment: true, dir);

        Assert.True(first.GeneratedForDevelopment);
        Assert.True(File.Exists(Path.Combine(dir, "data", "dev-keys.json")));
        Assert.Equal(first.Hasher.PhoneKey("+15551234567"), second.Hasher.PhoneKey("+15551234567"));
        Assert.Equal("x", second.Encryptor.Decrypt(first.Encryptor.Encrypt("x")));
    }
}
