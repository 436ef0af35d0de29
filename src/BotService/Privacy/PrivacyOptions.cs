namespace BotService.Privacy;

/// <summary>Bound from the <c>Privacy</c> section. Keys are base64 of 32 random bytes.</summary>
public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>HMAC-SHA256 key that turns phone numbers and channel ids into storage keys. Changing it orphans every member.</summary>
    public string? HashKey { get; set; }

    /// <summary>AES-256-GCM key for numbers and any kept message text.</summary>
    public string? EncryptionKey { get; set; }

    /// <summary>Retired encryption keys, still accepted for reading so keys can rotate without a migration.</summary>
    public List<string> PreviousEncryptionKeys { get; set; } = [];

    /// <summary>Development only: where generated keys are kept when none are configured.</summary>
    public string DevelopmentKeyFile { get; set; } = "data/dev-keys.json";
}
