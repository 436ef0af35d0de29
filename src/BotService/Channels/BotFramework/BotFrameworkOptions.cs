namespace BotService.Channels.BotFramework;

/// <summary>Bound from the <c>BotFramework</c> section. Defaults are the public Azure cloud's endpoints.</summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";

    /// <summary>The Microsoft App ID of the Azure Bot registration. It is the audience of inbound tokens and the
    /// client id of outbound ones. Empty means emulator mode (see <see cref="DisableAuthInDevelopment"/>).</summary>
    public string? AppId { get; set; }

    /// <summary>Client secret of the app registration. Not needed with <see cref="UseManagedIdentity"/>.</summary>
    public string? AppPassword { get; set; }

    /// <summary>Get outbound tokens from the host's user-assigned managed identity (client id = <see cref="AppId"/>)
    /// instead of a secret: the Azure Bot "User-Assigned Managed Identity" app type.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Single-tenant registrations: the tenant that issues outbound tokens. Replaces "botframework.com"
    /// in the default <see cref="TokenEndpoint"/>.</summary>
    public string? TenantId { get; set; }

    /// <summary>Where the channel service publishes its signing keys. Tests point this at a local stand-in.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Only tests turn this off (a local metadata endpoint on plain http).</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Issuers accepted on inbound tokens.</summary>
    public List<string> ValidIssuers { get; set; } = ["https://api.botframework.com"];

    public string TokenEndpoint { get; set; } = DefaultTokenEndpoint;

    public string Scope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>With no <see cref="AppId"/> in Development, accept unauthenticated activities, as the Bot Framework
    /// Emulator expects. Never applies outside Development or once an AppId is set.</summary>
    public bool DisableAuthInDevelopment { get; set; } = true;

    /// <summary>Channels always use https service URLs; only tests (a local test channel) or the emulator need http.
    /// Outside emulator mode an http service URL is refused unless this is set.</summary>
    public bool AllowHttpServiceUrls { get; set; }

    /// <summary>Tolerated clock difference when checking token lifetimes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    internal const string DefaultTokenEndpoint = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    internal bool HasAppId => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>The token endpoint to use: a single-tenant registration gets its own tenant's endpoint unless one
    /// was configured explicitly.</summary>
    internal string EffectiveTokenEndpoint =>
        !string.IsNullOrWhiteSpace(TenantId) && TokenEndpoint == DefaultTokenEndpoint
            ? $"https://login.microsoftonline.com/{Uri.EscapeDataString(TenantId)}/oauth2/v2.0/token"
            : TokenEndpoint;
}
