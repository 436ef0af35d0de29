namespace BotService.Tests.Channels.BotFramework;

/// <summary>One test authority and one node test channel per test class (each test starts its own bot host).</summary>
public sealed class ChannelFixture : IAsyncLifetime
{
    public TestAuthority Authority { get; private set; } = null!;
    public NodeTestChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Authority = await TestAuthority.StartAsync();
        Channel = await NodeTestChannel.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (Channel is not null) await Channel.DisposeAsync();
        if (Authority is not null) await Authority.DisposeAsync();
    }

    /// <summary>A valid channel token for activities the node channel posts.</summary>
    public string ValidToken() => Authority.CreateToken(ChannelBot.AppId, Channel.BaseUrl);
}
