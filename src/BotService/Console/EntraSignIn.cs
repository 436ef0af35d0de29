using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Production sign-in with Microsoft Entra ID (OpenID Connect through Microsoft.Identity.Web), switched on only when an
/// <c>AzureAd</c> section names a client. Whoever signs in must carry the app role "Coordinator" or, when
/// <c>Console:EntraGroupId</c> is set, be in that group; the session is then the console's own cookie, idle timeout and all.
/// </summary>
public static class EntraSignIn
{
    public const string Section = "AzureAd";
    public const string GroupSetting = "Console:EntraGroupId";
    public const string CallbackPath = "/console/signin-oidc";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[$"{Section}:ClientId"]);

    public static void AddIfConfigured(AuthenticationBuilder authentication, IConfiguration configuration)
    {
        if (!IsConfigured(configuration)) return;
        var group = configuration[GroupSetting];
        // cookieScheme null: the console's cookie (already registered) keeps the session, not a second one.
        authentication.AddMicrosoftIdentityWebApp(configuration.GetSection(Section), openIdConnectScheme: ConsoleAuth.EntraScheme, cookieScheme: null);
        authentication.Services.Configure<OpenIdConnectOptions>(ConsoleAuth.EntraScheme, o =>
        {
            o.SignInScheme = ConsoleAuth.CookieScheme;
            o.CallbackPath = CallbackPath;
            o.SignedOutCallbackPath = "/console/signout-oidc";
            var validated = o.Events.OnTokenValidated;
            o.Events.OnTokenValidated = async context =>
            {
                if (validated is not null) await validated(context);
                if (context.Principal?.Identity is not ClaimsIdentity identity) { context.Fail("No identity in the token."); return; }
                var inGroup = !string.IsNullOrWhiteSpace(group) && identity.HasClaim("groups", group);
                if (!identity.HasClaim(identity.RoleClaimType, ConsoleAuth.CoordinatorRole) && !inGroup)
                {
                    context.Fail("Signed in, but not a coordinator (app role Coordinator or the coordinators' group).");
                    return;
                }
                // The group stands for the role, so one policy covers both and the key sign-in alike.
                if (!identity.HasClaim(identity.RoleClaimType, ConsoleAuth.CoordinatorRole))
                    identity.AddClaim(new Claim(identity.RoleClaimType, ConsoleAuth.CoordinatorRole));
            };
        });
    }
}
