using System.Net;
using BotService.CoordinatorConsole;

namespace BotService.Tests.Console;

public sealed class ConsoleSignInTests
{
    [Theory]
    [InlineData("/console")]
    [InlineData("/console/roster")]
    [InlineData("/console/cases/K7F2")]
    [InlineData("/console/audit")]
    [InlineData("/console/wellbeing")]
    [InlineData("/console/health")]
    [InlineData("/console/health.csv")]
    [InlineData("/console/events")]
    public async Task Without_a_session_every_console_page_redirects_to_sign_in(string path)
    {
        using var host = ConsoleSite.Host();
        using var client = host.Browserless();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/console/signin", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task The_key_becomes_an_http_only_strict_cookie_and_opens_the_console()
    {
        using var host = ConsoleSite.Host();
        using var client = host.Browserless();

        using var signIn = await ConsoleSite.SignInAsync(client);

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/console", signIn.Headers.Location!.OriginalString);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("console-session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        using var queue = await client.GetAsync("/console");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("Live queue", await queue.Content.ReadAsStringAsync());
        var csp = queue.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
    }

    [Fact]
    public async Task Outside_development_the_session_cookie_is_secure()
    {
        using var host = ConsoleSite.Host(environment: "Production");
        using var client = host.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        using var signIn = await ConsoleSite.SignInAsync(client);

        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith("console-session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Repeated_wrong_keys_lock_the_address_out_until_the_lock_out_ends()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero));
        using var host = ConsoleSite.Host(time: time, settings: new Dictionary<string, string?> { ["Console:MaxFailedKeys"] = "3", ["Console:Lockout"] = "00:10:00" });
        using var client = host.Browserless();

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await ConsoleSite.SignInAsync(client, "guess-" + i)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ConsoleSite.SignInAsync(client, "guess-3")).StatusCode);

        // Locked: even the right key is refused, and no session is given.
        using var locked = await ConsoleSite.SignInAsync(client);
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Contains("Too many wrong keys", await locked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/console")).StatusCode);

        time.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ConsoleSite.SignInAsync(client)).StatusCode);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleSite.SignInAsync(client)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console")).StatusCode);

        var audit = await host.Get<AuditLog>().RecentAsync(50, default);
        Assert.Equal(2, audit.Count(a => a.Action == "wrong key"));
        Assert.Equal(1, audit.Count(a => a.Action == "locked out"));
        Assert.Equal(1, audit.Count(a => a.Action == "signed in"));
    }

    [Fact]
    public async Task Wrong_keys_spread_over_two_instances_count_together()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero));
        var shared = new Dictionary<string, string?>
        {
            ["Console:MaxFailedKeys"] = "3",
            ["Console:Lockout"] = "00:10:00",
            ["Storage:Sqlite:Path"] = Path.Combine(Directory.CreateTempSubdirectory("console-shared-").FullName, "bot.db"),
            ["Privacy:HashKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Privacy:EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };
        using var first = ConsoleSite.Host(time: time, settings: shared);
        using var second = ConsoleSite.Host(time: time, settings: shared);
        using var atFirst = first.Browserless();
        using var atSecond = second.Browserless();

        Assert.Equal(HttpStatusCode.Unauthorized, (await ConsoleSite.SignInAsync(atFirst, "guess-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ConsoleSite.SignInAsync(atSecond, "guess-2")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ConsoleSite.SignInAsync(atFirst, "guess-3")).StatusCode);

        // The third wrong key landed on the first instance; the second refuses the right key too.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ConsoleSite.SignInAsync(atSecond)).StatusCode);
        var rows = await first.Store.GetTable<KeySignInFailures>(KeySignInFailures.TableName).QueryPartitionAsync(KeySignInFailures.Partition);
        Assert.DoesNotContain(rows.Items, r => r.RowKey.Contains("127.0.0.1", StringComparison.Ordinal) || r.RowKey.Contains("unknown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_idle_session_ends_after_the_idle_timeout()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 18, 0, 0, TimeSpan.Zero));
        using var host = ConsoleSite.Host(time: time, settings: new Dictionary<string, string?> { ["Console:IdleTimeout"] = "00:20:00" });
        using var client = host.Browserless();
        await ConsoleSite.SignInAsync(client);

        time.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/console")).StatusCode);
        time.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/console")).StatusCode);
    }

    [Fact]
    public async Task A_form_post_with_a_forged_antiforgery_token_is_refused_and_changes_nothing()
    {
        using var host = ConsoleSite.Host();
        using var client = host.Browserless();
        await ConsoleSite.SignInAsync(client);
        var real = await ConsoleSite.TokenAsync(client, "/console/roster");

        using var forged = await client.PostAsync("/console/roster?handler=Add", new FormUrlEncodedContent(
            [new("name", "Mallory"), new("phone", "+15557770009"), new("languages", "en"), new("__RequestVerificationToken", "CfDJ8" + new string('A', 150))]));
        using var missing = await client.PostAsync("/console/roster?handler=Add", new FormUrlEncodedContent(
            [new("name", "Mallory"), new("phone", "+15557770009"), new("languages", "en")]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Empty(await host.Get<BotService.Volunteers.VolunteerDirectory>().AllAsync(default));

        // The same post with the page's own token goes through: the refusal above is the token's doing.
        using var genuine = await client.PostAsync("/console/roster?handler=Add", new FormUrlEncodedContent(
            [new("name", "Ana"), new("phone", "+15557770001"), new("languages", "en"), new("__RequestVerificationToken", real)]));
        Assert.Equal(HttpStatusCode.Redirect, genuine.StatusCode);
        Assert.Single(await host.Get<BotService.Volunteers.VolunteerDirectory>().AllAsync(default));
    }

    [Fact]
    public async Task Entra_sign_in_is_offered_only_when_an_AzureAd_section_is_configured_and_ends_in_the_console_cookie()
    {
        using (var without = ConsoleSite.Host())
        {
            using var client = without.Browserless();
            Assert.DoesNotContain("organisation account", await (await client.GetAsync("/console/signin")).Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/console/signin?handler=Entra")).StatusCode);
        }

        using var with = ConsoleSite.Host(settings: new Dictionary<string, string?>
        {
            ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd:TenantId"] = "11111111-2222-3333-4444-555555555555",
            ["AzureAd:ClientId"] = "66666666-7777-8888-9999-000000000000",
        });
        using var entra = with.Browserless();
        Assert.Contains("organisation account", await (await entra.GetAsync("/console/signin")).Content.ReadAsStringAsync());
        var oidc = with.Get<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions>>().Get(ConsoleAuth.EntraScheme);
        Assert.Equal(ConsoleAuth.CookieScheme, oidc.SignInScheme);
        Assert.Equal("/console/signin-oidc", oidc.CallbackPath.Value);
        Assert.Equal("66666666-7777-8888-9999-000000000000", oidc.ClientId);
        // The key still works beside it.
        Assert.Equal(HttpStatusCode.Redirect, (await ConsoleSite.SignInAsync(entra)).StatusCode);
    }
}
