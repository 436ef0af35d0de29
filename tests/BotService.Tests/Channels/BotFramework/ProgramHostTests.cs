using System.Net;
using BotService.Tests.Support;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>The channel inside the real Program, with only what main registers (no fakes).</summary>
public class ProgramHostTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")] // Development also validates every registration at build time.
    public async Task Program_serves_api_messages_and_refuses_unauthenticated_posts(string environment)
    {
        await using var factory = new BotTestHost
        {
            Environment = environment,
            Settings = new Dictionary<string, string?> { ["BotFramework:AppId"] = "some-app" },
        };
        var client = factory.CreateClient();

        var response = await client.PostAsync("/api/messages", new StringContent("{\"type\":\"message\"}", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }
}
