using System.Diagnostics;
using BotService.Messaging;
using BotService.Tests.Support;
using BotService.Turns;
using BotService.Volunteers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BotService.Tests.Safety;

/// <summary>The volunteer lookup runs before the safety check; a store that hangs must not hold back the safety reply.</summary>
public class SafetyBeforeSlowStorageTests
{
    private sealed class HangingVolunteerRouter : IVolunteerRouter
    {
        public async Task<TurnReply?> TryHandleVolunteerAsync(InboundMessage message, CancellationToken lookupBudget, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, lookupBudget);
            return null;
        }

        public Task<TurnReply?> TryRelayFromMemberAsync(InboundMessage message, string memberKey, string language, CancellationToken cancellationToken) =>
            Task.FromResult<TurnReply?>(null);

        public Task<bool> HasOpenCaseAsync(string memberKey, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task MemberWentQuietAsync(string memberKey, DateTimeOffset until, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public async Task Member_texts_a_crisis_while_the_volunteer_lookup_hangs_bot_still_replies_with_988_in_time()
    {
        await using var host = new BotTestHost { Clock = new FakeTimeProvider(ScriptedTurnSeams.Start), Overrides = new ScriptedTurnSeams().Apply };
        using var withHangingStore = host.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
        {
            services.RemoveAll<IVolunteerRouter>();
            services.AddSingleton<IVolunteerRouter, HangingVolunteerRouter>();
        }));
        var pipeline = withHangingStore.Services.GetRequiredService<ITurnHandler>();

        var clock = Stopwatch.StartNew();
        var reply = await pipeline.HandleTurnAsync(
            new InboundMessage(BotService.Messaging.ChannelNames.Sms, "+15551239876", "i want to kill myself", "SM-hang", DateTimeOffset.UtcNow), CancellationToken.None);

        Assert.Contains("988", string.Join("\n", reply.Messages));
        // Twilio waits 15 s; the lookup budget plus the paging budget must leave room.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }
}
