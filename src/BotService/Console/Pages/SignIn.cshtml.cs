using System.Security.Claims;
using BotService.Volunteers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole.Pages;

/// <summary>The admin key, typed once, becomes a cookie session; wrong keys count toward a lock-out of the address.</summary>
public sealed class SignInModel(IOptions<AdminOptions> admin, KeySignInLockout lockout, AuditLog audit, IAuthenticationSchemeProvider schemes) : PageModel
{
    public const string KeyActor = "coordinator (key)";

    [BindProperty] public string? Key { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }
    public bool Disabled => string.IsNullOrWhiteSpace(admin.Value.ApiKey);
    public bool EntraAvailable { get; private set; }
    public bool Landed { get; private set; }

    public async Task OnGetAsync() => EntraAvailable = await schemes.GetSchemeAsync(ConsoleAuth.EntraScheme) is not null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await OnGetAsync();
        if (Disabled) return Page();
        var address = HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (await lockout.LockedUntilAsync(address, ct) is { } until) return Refuse(StatusCodes.Status429TooManyRequests, LockedMessage(until));
        if (!AdminEndpoints.KeysMatch(Key ?? "", admin.Value.ApiKey!))
        {
            var locked = await lockout.RecordFailureAsync(address, ct);
            await audit.WriteAsync("unknown", locked is null ? "wrong key" : "locked out", null, null, null, ct);
            return locked is { } lockedUntil
                ? Refuse(StatusCodes.Status429TooManyRequests, LockedMessage(lockedUntil))
                : Refuse(StatusCodes.Status401Unauthorized, "That is not the admin key.");
        }
        await lockout.RecordSuccessAsync(address, ct);
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, KeyActor), new Claim(ClaimTypes.Role, ConsoleAuth.CoordinatorRole)], ConsoleAuth.CookieScheme);
        await HttpContext.SignInAsync(ConsoleAuth.CookieScheme, new ClaimsPrincipal(identity));
        await audit.WriteAsync(KeyActor, "signed in", null, null, null, ct);
        return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith("/console", StringComparison.Ordinal) ? url : "/console");
    }

    /// <summary>Off to Entra ID and back to the console; a 404 when Entra is not configured.</summary>
    public async Task<IActionResult> OnGetEntraAsync()
    {
        if (await schemes.GetSchemeAsync(ConsoleAuth.EntraScheme) is null) return NotFound();
        // Back through a page of our own: the session cookie is SameSite=Strict, so the redirect that ends Entra's
        // cross-site post would arrive without it. A same-site step from this page carries it.
        return Challenge(new AuthenticationProperties { RedirectUri = ConsoleAuth.SignInPath + "?handler=Landed" }, ConsoleAuth.EntraScheme);
    }

    public void OnGetLanded() => Landed = true;

    public async Task<IActionResult> OnPostSignOutAsync(CancellationToken ct)
    {
        var session = await HttpContext.AuthenticateAsync(ConsoleAuth.CookieScheme);
        if (session.Principal is { } user)
        {
            await HttpContext.SignOutAsync(ConsoleAuth.CookieScheme);
            await audit.WriteAsync(ConsoleAuth.Actor(user), "signed out", null, null, null, ct);
        }
        return Redirect(ConsoleAuth.SignInPath);
    }

    private PageResult Refuse(int status, string message)
    {
        Response.StatusCode = status;
        Error = message;
        return Page();
    }

    private static string LockedMessage(DateTimeOffset until) =>
        $"Too many wrong keys from this address. Try again after {until.UtcDateTime:HH:mm} UTC.";
}
