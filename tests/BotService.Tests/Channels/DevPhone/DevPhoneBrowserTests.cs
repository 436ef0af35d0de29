using BotService.Messaging;
using BotService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BotService.Tests.Channels.DevPhone;

public sealed class DevPhoneBrowserTests
{
    [ChromiumFact]
    public async Task A_person_types_a_text_in_the_dev_phone_and_sees_the_bots_reply()
    {
        using var app = new BotTestHost { TurnHandler = new(), CaptureLogs = true, Settings = new Dictionary<string, string?> { ["Twilio:AccountSid"] = "" } };
        app.TurnHandler!.Reply = m => new TurnReply([$"Glad you wrote: {m.Text} & <more>"]);
        var address = app.StartOnLoopback();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var consoleErrors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") consoleErrors.Add(message.Text); };

        await page.GotoAsync(address.TrimEnd('/') + "/dev/phone");
        await page.GetByLabel("Who is texting").SelectOptionAsync("+15555550101");
        await Assertions.Expect(page.GetByLabel("Phone number")).ToHaveValueAsync("+15555550101");
        await page.GetByLabel("Message").FillAsync("hello from the browser");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var thread = page.Locator("#thread");
        await Assertions.Expect(thread.Locator("li.sent .text")).ToHaveTextAsync("hello from the browser");
        await Assertions.Expect(thread.Locator("li.received .text")).ToHaveTextAsync("Glad you wrote: hello from the browser & <more>");
        await Assertions.Expect(page.GetByLabel("Message")).ToHaveValueAsync("");

        // An outbox message to this number shows up through polling, without any action on the page.
        var transport = app.Services.GetServices<IMessageTransport>().Single(t => t.Channel == BotService.Messaging.ChannelNames.Sms);
        await transport.SendAsync("+15555550101", "A check-in from the outbox", "outbox-9", default);
        await Assertions.Expect(thread.Locator("li.received .text").Last).ToHaveTextAsync("A check-in from the outbox", new() { Timeout = 5000 });

        Assert.Equal(1, app.TurnHandler!.Calls);
        Assert.Empty(consoleErrors);
    }
}
