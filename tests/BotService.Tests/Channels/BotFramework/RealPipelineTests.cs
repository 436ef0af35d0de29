namespace BotService.Tests.Channels.BotFramework;

/// <summary>The walk-through with the real pipeline and the real outbox: only the channel and the identity
/// endpoints are stand-ins.</summary>
public class RealPipelineTests(ChannelFixture fixture, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<ChannelFixture>
{
    private readonly NodeTestChannel _channel = fixture.Channel;

    [Fact]
    public async Task Onboarding_yes_and_crisis_with_the_real_turn_pipeline()
    {
        await _channel.ClearAsync();
        await using var bot = await ChannelBot.StartWithRealPipelineAsync(fixture.Authority);

        var (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new
        {
            type = "conversationUpdate",
            membersAdded = new object[] { new { id = "bot-id" }, new { id = "user-1" } },
        });
        Assert.Equal(200, status);
        var onboarding = await _channel.WaitForRecordedAsync(1);
        Assert.NotEmpty(onboarding);
        Assert.All(onboarding, c => Assert.False(string.IsNullOrWhiteSpace(c.Text)));

        // Onboarding asks for a language first (1 = English), then for consent.
        var afterYes = onboarding;
        foreach (var answer in new[] { "1", "yes" })
        {
            var before = afterYes.Count;
            (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = answer });
            Assert.Equal(200, status);
            afterYes = await _channel.WaitForRecordedAsync(before + 1);
            Assert.True(afterYes.Count > before, $"no reply to '{answer}'");
        }

        (status, _) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "I want to kill myself" });
        Assert.Equal(200, status);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        List<RecordedCall> calls;
        do
        {
            calls = await _channel.RecordedAsync();
            if (calls.Skip(afterYes.Count).Any(c => c.Text?.Contains("988") == true)) break;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);

        // The conversation as the channel saw it, for whoever reads the test log.
        foreach (var c in calls) output.WriteLine($"[{c.ReplyToId}] {c.Text}");
        Assert.Contains(calls.Skip(afterYes.Count), c => c.Text?.Contains("988") == true);
        Assert.All(calls, c => Assert.Empty(c.Problems));
        Assert.DoesNotContain("kill myself", bot.Log.AllText, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("user-1", bot.Log.AllText, StringComparison.Ordinal);
    }
}
