using System.Globalization;
using BotService.Channels.BotFramework;
using BotService.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>
/// The node test channel posts activities to the bot; the turn's replies go into the outbox; the outbox dispatcher
/// (main's, or in the outcome tests a direct drain through the registered "botframework" transport) posts them back
/// to the test channel with an app token from the local token endpoint.
/// </summary>
public class EndToEndTests(ChannelFixture fixture) : IClassFixture<ChannelFixture>
{
    private readonly NodeTestChannel _channel = fixture.Channel;

    [Fact]
    public async Task Onboarding_yes_and_crisis_reach_the_channel_through_the_outbox_dispatcher()
    {
        await _channel.ClearAsync();
        // main's outbox and dispatcher (TableOutbox on SQLite, OutboxDispatcher running as a hosted service).
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority, realOutbox: true);
        var tokensBefore = fixture.Authority.TokenRequestCount;

        // She opens the chat: the channel announces the bot and her as added.
        var (status, joined) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new
        {
            type = "conversationUpdate",
            membersAdded = new object[] { new { id = "bot-id" }, new { id = "user-1" } },
        });
        Assert.Equal(200, status);
        var greeting = Assert.Single(bot.Turns.Turns);
        Assert.Equal("", greeting.Text);
        Assert.Equal("test:user-1", greeting.SenderAddress);
        Assert.Equal(2, (await _channel.WaitForRecordedAsync(2)).Count);

        (status, var yes) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "yes" });
        Assert.Equal(200, status);
        Assert.Equal(3, (await _channel.WaitForRecordedAsync(3)).Count);

        (status, var crisis) = await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "I want to kill myself" });
        Assert.Equal(200, status);
        var calls = await _channel.WaitForRecordedAsync(4);

        Assert.Equal(4, calls.Count);
        Assert.All(calls, c => Assert.Empty(c.Problems));
        Assert.All(calls, c => Assert.Equal("conv-1", c.ConversationId));
        Assert.All(calls, c => Assert.Equal($"Bearer app-token-{tokensBefore + 1}", c.Authorization));
        Assert.All(calls, c => Assert.Equal("user-1", c.Activity!["recipient"]!["id"]!.GetValue<string>()));
        Assert.All(calls, c => Assert.Equal("bot-id", c.Activity!["from"]!["id"]!.GetValue<string>()));

        Assert.Contains("check-in", calls[0].Text);
        Assert.Equal(joined["id"]!.GetValue<string>(), calls[0].ReplyToId);
        Assert.Equal("You can text HELP any time.", calls[1].Text);

        Assert.Equal(yes["id"]!.GetValue<string>(), calls[2].ReplyToId);
        // The numbered list also arrives as buttons that send back the number she would have typed.
        var actions = calls[2].Activity!["suggestedActions"]!["actions"]!.AsArray();
        Assert.Equal(["Morning", "Afternoon", "Evening"], actions.Select(a => a!["title"]!.GetValue<string>()));
        Assert.Equal(["1", "2", "3"], actions.Select(a => a!["value"]!.GetValue<string>()));
        Assert.All(actions, a => Assert.Equal("imBack", a!["type"]!.GetValue<string>()));

        Assert.Equal(crisis["id"]!.GetValue<string>(), calls[3].ReplyToId);
        Assert.Contains("988", calls[3].Text);

        // One app token for all four sends.
        Assert.Equal(tokensBefore + 1, fixture.Authority.TokenRequestCount);
        AssertLogsHoldNothingIdentifying(bot, calls);
    }

    [Fact]
    public async Task Dispatcher_retries_after_a_connector_503()
    {
        await _channel.ClearAsync();
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority, realOutbox: true);
        await _channel.FailNextAsync(503);

        await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "hello" });
        var calls = await _channel.WaitForRecordedAsync(2);

        Assert.Equal([503, 200], calls.Select(c => c.AnsweredStatus));
        Assert.All(calls, c => Assert.Equal("Thanks for telling me.", c.Text));
    }

    [Fact]
    public async Task Proactive_message_starts_a_new_activity_in_her_stored_conversation()
    {
        await _channel.ClearAsync();
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority);
        await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "hello" });
        bot.Outbox.TakeAll();
        var references = bot.Services.GetRequiredService<ConversationReferenceStore>();

        // A check-in, addressed by member key as the scheduler would.
        var byKey = await bot.Transport.SendAsync(references.MemberKey("test", "user-1"), "Time for your check-in.", "ob-1", CancellationToken.None);
        // A relay, addressed by her channel address as the turn pipeline knows her.
        var byAddress = await bot.Transport.SendAsync("test:user-1", "A volunteer says hi.", "ob-2", CancellationToken.None);

        Assert.Equal(SendOutcomeKind.Accepted, byKey.Kind);
        Assert.Equal(SendOutcomeKind.Accepted, byAddress.Kind);
        Assert.NotNull(byKey.ProviderMessageId);
        var calls = await _channel.RecordedAsync();
        Assert.Equal(["Time for your check-in.", "A volunteer says hi."], calls.Select(c => c.Text));
        Assert.All(calls, c => Assert.Null(c.ReplyToId));
        Assert.All(calls, c => Assert.Empty(c.Problems));
    }

    [Theory]
    [InlineData(429, SendOutcomeKind.RetryLater)]
    [InlineData(500, SendOutcomeKind.RetryLater)]
    [InlineData(503, SendOutcomeKind.RetryLater)]
    [InlineData(401, SendOutcomeKind.Failed)]
    [InlineData(403, SendOutcomeKind.Failed)]
    [InlineData(404, SendOutcomeKind.Failed)]
    public async Task Connector_errors_map_to_outcomes(int status, SendOutcomeKind expected)
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority);
        await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "hello" });
        await _channel.FailNextAsync(status, retryAfterSeconds: status == 429 ? 7 : null);

        var (_, outcome) = Assert.Single(await bot.DrainOutboxAsync());

        Assert.Equal(expected, outcome.Kind);
        Assert.Equal(status.ToString(CultureInfo.InvariantCulture), outcome.ErrorCode);
        if (status == 429) Assert.Equal(TimeSpan.FromSeconds(7), outcome.RetryAfter);
    }

    [Fact]
    public async Task Unknown_member_is_unreachable_and_nothing_is_posted()
    {
        await _channel.ClearAsync();
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority);

        var outcome = await bot.Transport.SendAsync("test:nobody", "hello", "ob-1", CancellationToken.None);

        Assert.Equal(SendOutcomeKind.RecipientUnreachable, outcome.Kind);
        Assert.Empty(await _channel.RecordedAsync());
    }

    [Fact]
    public async Task A_retried_activity_does_not_queue_its_replies_twice()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority);
        var activity = new { type = "message", text = "hello", id = "same-activity" };

        await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), activity);
        await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), activity);

        Assert.Equal(2, bot.Turns.Turns.Count);
        Assert.Single(bot.Outbox.Sent);
    }

    [Fact]
    public async Task Conversation_reference_is_stored_encrypted()
    {
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority);
        await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "hello" });
        var references = bot.Services.GetRequiredService<ConversationReferenceStore>();
        var memberKey = references.MemberKey("test", "user-1");

        var row = await bot.Store.GetTable<ConversationReferenceEntity>(ConversationReferenceEntity.TableName)
            .GetAsync(memberKey, ConversationReferenceEntity.CurrentRowKey);

        Assert.NotNull(row);
        foreach (var value in new[] { row.EncryptedServiceUrl, row.EncryptedConversationId, row.EncryptedUserId, row.EncryptedBotId })
        {
            Assert.StartsWith("v1:", value);
            Assert.DoesNotContain("127.0.0.1", value);
            Assert.DoesNotContain("user-1", value);
            Assert.DoesNotContain("conv-1", value);
        }
        Assert.False(row.Unauthenticated);
        var reference = await references.GetAsync(memberKey, CancellationToken.None);
        Assert.Equal(new Uri(_channel.BaseUrl), reference!.ServiceUrl);
        Assert.Equal("conv-1", reference.ConversationId);
    }

    [Fact]
    public async Task Http_service_url_is_refused_outside_emulator_mode_unless_allowed()
    {
        await _channel.ClearAsync();
        await using var bot = await ChannelBot.StartAuthenticatedAsync(fixture.Authority, s => s["BotFramework:AllowHttpServiceUrls"] = "false");
        await _channel.PostToBotAsync(bot.MessagesUrl, fixture.ValidToken(), new { type = "message", text = "hello" });

        var (_, outcome) = Assert.Single(await bot.DrainOutboxAsync());

        Assert.Equal(SendOutcomeKind.Failed, outcome.Kind);
        Assert.Equal("insecure-service-url", outcome.ErrorCode);
        Assert.Empty(await _channel.RecordedAsync());
    }

    [Fact]
    public async Task Emulator_mode_replies_without_a_token()
    {
        await _channel.ClearAsync();
        await using var bot = await ChannelBot.StartAsync(Microsoft.Extensions.Hosting.Environments.Development, new());
        await _channel.PostToBotAsync(bot.MessagesUrl, null, new { type = "message", text = "hello" });

        var (_, outcome) = Assert.Single(await bot.DrainOutboxAsync());

        Assert.Equal(SendOutcomeKind.Accepted, outcome.Kind);
        var call = Assert.Single(await _channel.RecordedAsync());
        Assert.Null(call.Authorization);
    }

    private static void AssertLogsHoldNothingIdentifying(ChannelBot bot, List<RecordedCall> calls)
    {
        string[] secrets = ["user-1", "conv-1", "kill myself", "app-token", ChannelBot.AppPassword, .. calls.Select(c => c.Text!)];
        foreach (var secret in secrets) Assert.DoesNotContain(secret, bot.Log.AllText, StringComparison.OrdinalIgnoreCase);
    }
}
