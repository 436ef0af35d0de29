using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>POST /api/messages refuses anything the channel service did not sign for us, before any turn runs.</summary>
public class InboundAuthTests(ChannelFixture fixture) : IClassFixture<ChannelFixture>
{
    private readonly TestAuthority _authority = fixture.Authority;
    private readonly NodeTestChannel _channel = fixture.Channel;

    private static object Message(string text = "hello") => new { type = "message", text };

    [Fact]
    public async Task Valid_token_is_accepted_and_runs_the_turn()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(_authority);

        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), Message());

        Assert.Equal(200, status);
        var turn = Assert.Single(bot.Turns.Turns);
        Assert.Equal("botframework", turn.Channel);
        Assert.Equal("test:user-1", turn.SenderAddress);
        Assert.Equal("hello", turn.Text);
        Assert.True(await bot.HasReferenceAsync());
        var queued = Assert.Single(bot.Outbox.Sent);
        Assert.Equal("botframework", queued.Channel);
        Assert.Equal(BotService.Messaging.MessagePriority.Normal, queued.Priority);
        // Addressed by member key (and the activity it answers), never by her channel id.
        Assert.DoesNotContain("user-1", queued.RecipientAddress);
    }

    public static TheoryData<string> SpoiledTokens => new()
    {
        "expired", "wrong-audience", "wrong-issuer", "unknown-key", "serviceurl-mismatch", "no-serviceurl-claim", "garbage",
    };

    [Theory]
    [MemberData(nameof(SpoiledTokens))]
    public async Task Spoiled_token_is_refused_with_401_and_nothing_runs(string spoil)
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(_authority);
        var serviceUrl = _channel.BaseUrl;
        var token = spoil switch
        {
            // Beyond the 5 minute clock skew.
            "expired" => _authority.CreateToken(ChannelBot.AppId, serviceUrl, expires: DateTimeOffset.UtcNow.AddMinutes(-10)),
            "wrong-audience" => _authority.CreateToken("some-other-bot", serviceUrl),
            "wrong-issuer" => _authority.CreateToken(ChannelBot.AppId, serviceUrl, issuer: "https://evil.example"),
            "unknown-key" => _authority.CreateToken(ChannelBot.AppId, serviceUrl, signWithUnknownKey: true),
            // Signed for a different serviceUrl than the activity names: an attacker replaying a token to make us call their URL.
            "serviceurl-mismatch" => _authority.CreateToken(ChannelBot.AppId, "https://attacker.example/"),
            "no-serviceurl-claim" => _authority.CreateToken(ChannelBot.AppId, serviceUrl, includeServiceUrl: false),
            _ => "not.a.jwt",
        };

        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, token, Message());

        Assert.Equal(401, status);
        await AssertNothingHappened(bot);
    }

    [Fact]
    public async Task Missing_token_is_refused()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(_authority);

        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, null, Message());

        Assert.Equal(401, status);
        await AssertNothingHappened(bot);
    }

    [Fact]
    public async Task Valid_token_for_another_service_url_in_the_activity_is_refused()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(_authority);
        // The token is genuine for the channel, but the activity asks us to talk to somewhere else (SSRF attempt).
        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(),
            new { type = "message", text = "hi", serviceUrl = "http://169.254.169.254/" });

        Assert.Equal(401, status);
        await AssertNothingHappened(bot);
    }

    [Fact]
    public async Task Malformed_json_is_400_and_nothing_runs()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(_authority);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, bot.MessagesUrl)
        {
            Content = new StringContent("{\"type\": \"message\", \"text\": ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", fixture.ValidToken());

        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await AssertNothingHappened(bot);
    }

    [Fact]
    public async Task Other_activity_types_are_acknowledged_without_a_turn()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(_authority);

        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "typing" });

        Assert.Equal(200, status);
        Assert.Empty(bot.Turns.Turns);
    }

    [Fact]
    public async Task Group_conversations_are_ignored_for_her_privacy()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(_authority);

        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(),
            new { type = "message", text = "hi", conversation = new { id = "group-1", isGroup = true } });

        Assert.Equal(200, status);
        await AssertNothingHappened(bot);
    }

    [Fact]
    public async Task Emulator_mode_needs_Development_and_no_app_id()
    {
        await using (var dev = await ChannelBot.StartAsync(Environments.Development, new()))
        {
            var (status, _) = await _channel.PostToBotAsync(dev.MessagesUrl, null, Message());
            Assert.Equal(200, status);
            Assert.Single(dev.Turns.Turns);
            Assert.Contains(dev.Log.Lines, l => l.Message.Contains("Emulator mode"));
        }
        // Production without an App ID refuses everything rather than opening up.
        await using (var prod = await ChannelBot.StartAsync(Environments.Production, new()))
        {
            var (status, _) = await _channel.PostToBotAsync(prod.MessagesUrl, null, Message());
            Assert.Equal(401, status);
            var (withToken, _) = await _channel.PostToBotAsync(prod.MessagesUrl, fixture.ValidToken(), Message());
            Assert.Equal(401, withToken);
            Assert.Empty(prod.Turns.Turns);
        }
        // Development with an App ID authenticates.
        await using (var devWithId = await ChannelBot.StartAsync(Environments.Development, new() { ["BotFramework:AppId"] = ChannelBot.AppId }))
        {
            var (status, _) = await _channel.PostToBotAsync(devWithId.MessagesUrl, null, Message());
            Assert.Equal(401, status);
        }
    }

    [Theory]
    [InlineData("test", 200)]
    [InlineData("msteams", 401)]
    public async Task Signing_key_endorsements_must_name_the_activity_channel(string endorsedChannel, int expected)
    {
        // The channel service says per key which channels it signs for; a key endorsed only for Teams cannot vouch
        // for an activity claiming to come from another channel.
        await using var authority = await TestAuthority.StartAsync(endorsements: [endorsedChannel]);
        await using var bot = await ChannelBot.StartAuthenticatedAsync(authority);

        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, authority.CreateToken(ChannelBot.AppId, _channel.BaseUrl), Message());

        Assert.Equal(expected, status);
        Assert.Equal(expected == 200 ? 1 : 0, bot.Turns.Turns.Count);
    }

    [Fact]
    public async Task Rolled_over_signing_key_is_picked_up_from_fresh_metadata()
    {
        await using var authority = await TestAuthority.StartAsync();
        await using var bot = await ChannelBot.StartAuthenticatedAsync(authority);
        Assert.Equal(200, (await _channel.PostToBotAsync(bot.MessagesUrl, authority.CreateToken(ChannelBot.AppId, _channel.BaseUrl), Message())).Status);

        authority.RotateKey();
        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, authority.CreateToken(ChannelBot.AppId, _channel.BaseUrl), Message());

        Assert.Equal(200, status);
        Assert.Equal(2, bot.Turns.Turns.Count);
    }

    private static async Task AssertNothingHappened(ChannelBot bot)
    {
        Assert.Empty(bot.Turns.Turns);
        Assert.False(await bot.HasReferenceAsync());
        Assert.Empty(bot.Outbox.Sent);
    }
}
