using System.Text.Json;
using BotService.CoordinatorConsole;
using BotService.Tests.Support;
using Microsoft.Playwright;

namespace BotService.Tests.Console;

/// <summary>The console in the real Chromium against the real host on Kestrel: the shift a coordinator runs.</summary>
public sealed class ConsoleBrowserTests
{
    private const string Member = "+15551230001";
    // The dev phone's "Volunteer" preset, so the test can read her texts on /dev/phone.
    private const string Ana = "+15555550110";
    private static readonly string[] Pages = ["/console", "/console/roster", "/console/wellbeing", "/console/health", "/console/audit"];

    public static string ScreenshotFolder => Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    [ChromiumFact]
    public async Task A_coordinator_sees_a_crisis_arrive_live_assigns_it_and_closes_it_and_the_audit_trail_shows_it()
    {
        using var host = ConsoleSite.Host();
        var address = Start(host);
        using var webhookClient = new HttpClient { BaseAddress = new Uri(address) };
        var sms = new TwilioWebhook(webhookClient, BotTestHost.AuthToken, BotTestHost.PublicBaseUrl);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var consoleErrors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") consoleErrors.Add(m.Text); };
        // A 401 or 429 would be the sign-in refusing; anything else failing to load is a bug (or a CSP block).
        page.Response += (_, r) => { if (r.Status >= 400) consoleErrors.Add($"{r.Status} {r.Url}"); };

        // No session: the console sends her to sign in, then back.
        await page.GotoAsync(address + "/console");
        Assert.Contains("/console/signin", page.Url);
        await page.GetByLabel("Admin key").FillAsync(ConsoleSite.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live queue" })).ToBeVisibleAsync();

        // Roster: Ana joins and goes on call.
        await page.GetByRole(AriaRole.Link, new() { Name = "Roster" }).ClickAsync();
        await page.GetByLabel("First name or alias").FillAsync("Ana");
        await page.GetByLabel("Mobile number").FillAsync(Ana);
        await page.GetByLabel("Languages (codes, comma-separated)").Last.FillAsync("en, es");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add volunteer" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync("Ana added");
        await page.GetByRole(AriaRole.Button, new() { Name = "Put Ana on call" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync("Ana is on call.");

        // The queue is open when the crisis text arrives through the signed webhook: the row appears with no reload.
        await page.GetByRole(AriaRole.Link, new() { Name = "Queue" }).ClickAsync();
        var rows = page.Locator("#queue-rows tr[data-code]");
        await Assertions.Expect(rows).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => { window.sameDocument = true; }");
        var safety = await sms.SendAsync(Member, "i want to kill myself tonight");
        Assert.Contains("988", safety[0]);
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        var code = (await rows.First.GetAttributeAsync("data-code"))!;
        await Assertions.Expect(rows.First).ToContainTextAsync("Waiting");
        await Assertions.Expect(page.Locator("#queue-status")).ToHaveTextAsync("1 open or held.");
        await ShootAsync(page, "queue");

        // The case: her words stay hidden until asked for.
        await page.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Case " + code })).ToBeVisibleAsync();
        Assert.DoesNotContain("kill myself", await page.ContentAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "Show message" }).ClickAsync();
        await Assertions.Expect(page.Locator("blockquote.revealed")).ToHaveTextAsync("i want to kill myself tonight");

        // Assign it to Ana: her phone (the dev outbox) gets the case.
        await page.GetByLabel("Assign to").SelectOptionAsync(new SelectOptionValue { Label = "Ana (0 of 2 held)" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToContainTextAsync($"{code} assigned to Ana");
        var phone = await context.NewPageAsync();
        await phone.GotoAsync(address + "/dev/phone");
        await phone.GetByLabel("Who is texting").SelectOptionAsync(Ana);
        await Assertions.Expect(phone.Locator("#thread")).ToContainTextAsync($"{code} is yours", new() { Timeout = 10_000 });
        await phone.CloseAsync();

        // Close it with a reason; the queue empties and the audit trail has every step.
        await page.GetByLabel("Close as").SelectOptionAsync("safe");
        await page.GetByLabel("Reason (your words, never hers or a number)").FillAsync("Ana talked with her; safe tonight");
        await page.GetByRole(AriaRole.Button, new() { Name = "Close case" }).ClickAsync();
        await Assertions.Expect(page.Locator(".flash")).ToHaveTextAsync($"{code} closed (safe).");
        await page.GetByRole(AriaRole.Link, new() { Name = "Audit" }).ClickAsync();
        var audit = page.Locator("#audit tbody");
        await Assertions.Expect(audit.Locator("tr", new() { HasText = "closed" })).ToContainTextAsync(code);
        await Assertions.Expect(audit.Locator("tr", new() { HasText = "assigned" })).ToContainTextAsync("Ana");
        await Assertions.Expect(audit.Locator("tr", new() { HasText = "showed message" })).ToContainTextAsync(code);
        await page.GetByRole(AriaRole.Link, new() { Name = "Queue" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(0);

        // No number anywhere the console shows, and nothing the CSP had to block.
        foreach (var path in Pages.Append($"/console/cases/{code}"))
        {
            await page.GotoAsync(address + path);
            var html = await page.ContentAsync();
            Assert.DoesNotContain("5551230001", html);
            Assert.DoesNotContain("5555550110", html);
            if (path != "/console") await ShootAsync(page, path.Contains("/cases/") ? "case" : path.Split('/')[^1]);
        }
        Assert.True(consoleErrors.Count == 0, string.Join("\n", consoleErrors));
    }

    [ChromiumFact]
    public async Task Axe_finds_no_serious_or_critical_accessibility_problem_on_any_console_page()
    {
        using var host = ConsoleSite.Host();
        var address = Start(host);
        using var webhookClient = new HttpClient { BaseAddress = new Uri(address) };
        await new TwilioWebhook(webhookClient, BotTestHost.AuthToken, BotTestHost.PublicBaseUrl).SendAsync(Member, "i want to kill myself tonight");
        await host.Get<CoordinatorActions>().AddVolunteerAsync("test", "Bea", "+15557770002", "en", default);
        var axe = Path.Combine(RepoPaths.Root, "tests", "node", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), "axe-core missing: run `npm ci` in tests/node");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var code = (await host.Get<ConsoleQueue>().RowsAsync(default)).Single().Code;

        foreach (var width in new[] { 390, 1280 })
        {
            // axe is injected as a script tag, which the console's own CSP rightly forbids: this context ignores it.
            var context = await browser.NewContextAsync(new() { BypassCSP = true, ViewportSize = new() { Width = width, Height = 900 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync(address + "/console/signin");
            await page.GetByLabel("Admin key").FillAsync(ConsoleSite.AdminKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Live queue" })).ToBeVisibleAsync();
            foreach (var path in Pages.Append($"/console/cases/{code}").Append("/console/signin"))
            {
                await page.GotoAsync(address + path);
                await page.AddScriptTagAsync(new() { Path = axe });
                var violations = await page.EvaluateAsync<JsonElement>(
                    "async () => (await axe.run(document)).violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
                Assert.True(violations.GetArrayLength() == 0, $"{path} at {width}px: {violations}");
                if (width == 390 && path is "/console" or "/console/roster" or "/console/health") await ShootAsync(page, "phone-" + (path.Split('/')[^1] is "console" ? "queue" : path.Split('/')[^1]));
            }
            await context.CloseAsync();
        }
    }

    private static string Start(BotTestHost host) => host.StartOnLoopback();

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumFactAttribute.ChromiumPath,
        Headless = true,
        Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });

    private static async Task ShootAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
