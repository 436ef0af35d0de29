using System.Security.Cryptography;
using System.Text.Json;

namespace BotService.Privacy;

/// <summary>
/// Resolves the hash and encryption keys at start-up. Outside Development a missing key stops the host with the name
/// of the setting; in Development a key pair is generated once into a local file so `dotnet run` needs no setup.
/// </summary>
public static class PrivacyKeys
{
    public sealed record Resolved(KeyedHasher Hasher, FieldEncryptor Encryptor, bool GeneratedForDevelopment);

    public static Resolved Resolve(PrivacyOptions options, bool isDevelopment, string baseDirectory)
    {
        var hash = options.HashKey;
        var encryption = options.EncryptionKey;
        var generated = false;
        if (string.IsNullOrWhiteSpace(hash) || string.IsNullOrWhiteSpace(encryption))
        {
            if (!isDevelopment)
            {
                var missing = string.IsNullOrWhiteSpace(hash) ? "Privacy:HashKey" : "Privacy:EncryptionKey";
                throw new InvalidOperationException($"{missing} is not set. Outside Development the bot refuses to start without its privacy keys " +
                    "(environment variable Privacy__HashKey / Privacy__EncryptionKey, user secrets, or Key Vault).");
            }
            var path = Path.GetFullPath(options.DevelopmentKeyFile, baseDirectory);
            var stored = LoadOrCreate(path);
            hash ??= stored.HashKey;
            encryption ??= stored.EncryptionKey;
            if (string.IsNullOrWhiteSpace(hash)) hash = stored.HashKey;
            if (string.IsNullOrWhiteSpace(encryption)) encryption = stored.EncryptionKey;
            generated = true;
        }
        var hashKey = KeyMaterial.Parse("Privacy:HashKey", hash);
        var encKey = KeyMaterial.Parse("Privacy:EncryptionKey", encryption);
        var previous = options.PreviousEncryptionKeys.Select((k, i) => KeyMaterial.Parse($"Privacy:PreviousEncryptionKeys:{i}", k));
        return new Resolved(new KeyedHasher(hashKey), new FieldEncryptor(encKey, previous), generated);
    }

    private sealed record DevKeys(string HashKey, string EncryptionKey);

    private static DevKeys LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            var existing = JsonSerializer.Deserialize<DevKeys>(File.ReadAllText(path));
            if (existing is not null) return existing;
        }
        var keys = new DevKeys(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(keys));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return keys;
    }
}
