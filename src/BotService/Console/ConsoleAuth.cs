using System.Security.Claims;

namespace BotService.CoordinatorConsole;

/// <summary>The names the console's sign-in is wired by.</summary>
public static class ConsoleAuth
{
    /// <summary>The console's own cookie; the /admin API never reads it.</summary>
    public const string CookieScheme = "ConsoleCookie";
    /// <summary>Entra ID sign-in, registered only when an AzureAd section is configured.</summary>
    public const string EntraScheme = "ConsoleEntra";
    public const string Policy = "Coordinator";
    /// <summary>The role a key sign-in is given, and the Entra app role (or group, see Console:EntraGroupId) required.</summary>
    public const string CoordinatorRole = "Coordinator";
    public const string SignInPath = "/console/signin";

    /// <summary>How the audit trail names whoever is signed in.</summary>
    public static string Actor(ClaimsPrincipal user) => user.Identity?.Name is { Length: > 0 } name ? name : "coordinator";
}
