namespace BotService.Privacy;

/// <summary>Parses a configured base64 key and says which setting is wrong when it is not usable.</summary>
internal static class KeyMaterial
{
    public static byte[] Parse(string settingName, string? base64)
    {
        if (string.IsNullOrWhiteSpace(base64))
            throw new InvalidOperationException($"{settingName} is not set. Set it to base64 of 32 random bytes (e.g. `openssl rand -base64 32`).");
        byte[] key;
        try { key = Convert.FromBase64String(base64.Trim()); }
        catch (FormatException) { throw new InvalidOperationException($"{settingName} is not valid base64."); }
        if (key.Length != 32)
            throw new InvalidOperationException($"{settingName} must decode to 32 bytes; it decodes to {key.Length}.");
        return key;
    }
}
