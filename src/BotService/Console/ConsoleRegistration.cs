using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

public static class ConsoleRegistration
{
    /// <summary>The coordinator's console: Razor Pages under /console, its cookie sign-in, antiforgery and audit trail.</summary>
    public static WebApplicationBuilder AddCoordinatorConsole(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ConsoleOptions>().Bind(builder.Configuration.GetSection(ConsoleOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ConsoleOptions>, ConsoleOptionsValidator>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<KeySignInLockout>();
        services.AddSingleton<ConsoleQueue>();
        services.AddSingleton<CoordinatorActions>();
        services.AddSingleton<WellbeingReport>();
        services.AddSingleton<LineHealthReport>();
        services.AddSingleton<MemberCounts>();
        services.AddSingleton<ConsoleUpkeep>();
        services.AddHostedService(sp => sp.GetRequiredService<ConsoleUpkeep>());

        var development = builder.Environment.IsDevelopment();
        var authentication = services.AddAuthentication().AddCookie(ConsoleAuth.CookieScheme, o =>
        {
            o.Cookie.Name = "console-session";
            o.Cookie.Path = "/console";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.SlidingExpiration = true;
            o.LoginPath = ConsoleAuth.SignInPath;
            o.AccessDeniedPath = ConsoleAuth.SignInPath;
            o.ReturnUrlParameter = "returnUrl";
        });

        // Sliding: every request pushes the end out again, so this is an idle timeout, not a shift length.
        services.AddOptions<CookieAuthenticationOptions>(ConsoleAuth.CookieScheme)
            .Configure<IOptions<ConsoleOptions>>((o, console) => o.ExpireTimeSpan = console.Value.IdleTimeout);

        EntraSignIn.AddIfConfigured(authentication, builder.Configuration);

        services.AddAuthorizationBuilder().AddPolicy(ConsoleAuth.Policy, p => p
            .AddAuthenticationSchemes(ConsoleAuth.CookieScheme)
            .RequireAuthenticatedUser()
            .RequireRole(ConsoleAuth.CoordinatorRole));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "console-antiforgery";
            o.Cookie.Path = "/console";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = development ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            o.FormFieldName = "__RequestVerificationToken";
        });
        services.AddRazorPages(o =>
        {
            o.RootDirectory = "/Console/Pages";
            o.Conventions.AuthorizeFolder("/", ConsoleAuth.Policy);
            o.Conventions.AllowAnonymousToPage("/SignIn");
        });
        return builder;
    }

    public static WebApplication MapCoordinatorConsole(this WebApplication app)
    {
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/console"), console => console.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            // Nothing inline, nothing from elsewhere: scripts and styles come only from /console/assets.
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            await next(context);
        }));
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/console/assets/{name}", ConsoleAssets.Serve).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/console/events", QueueEventStream.StreamAsync).RequireAuthorization(ConsoleAuth.Policy).ExcludeFromDescription();
        app.MapGet("/console/health.csv", LineHealthCsv.ServeAsync).RequireAuthorization(ConsoleAuth.Policy).ExcludeFromDescription();
        app.MapRazorPages();
        return app;
    }
}
