using System.Diagnostics;
using BotService.Messaging;
using BotService.Safety;
using BotService.Safety.CrisisDetection;
using BotService.Storage.AzureTables;
using BotService.Tests.Support;
using BotService.Tests.Volunteers;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotService.Tests.Turns;

[Collection("Azurite")]
public class StorageOutageTests(AzuriteFixture azurite, Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task With_azurite_killed_a_crisis_still_gets_the_safety_reply_within_the_budget_and_an_honest_peer_line()
    {
        using var h = new EscalationHarness(new AzureTableStore(azurite.ConnectionString));
        await h.AddVolunteerAsync("Ana", "+15557770001");
        var check = new SafetyCheck(CrisisDetector.LoadFrom(RepoPaths.Dialogs), EscalationHarness.Content, h.Escalation, TimeProvider.System,
            NullLogger<SafetyCheck>.Instance);
        var message = new InboundMessage(BotService.Messaging.ChannelNames.Sms, "+15551230001", "i want to kill myself tonight", "SM1", DateTimeOffset.UtcNow);

        azurite.Stop();
        TurnReply? reply;
        var watch = Stopwatch.StartNew();
        try
        {
            reply = await check.CheckAsync(message, h.MemberKey("+15551230001"), null, default);
        }
        finally
        {
            watch.Stop();
            await azurite.StartAsync();
        }

        output.WriteLine($"safety reply with storage down: {watch.Elapsed.TotalMilliseconds:F0} ms");
        Assert.NotNull(reply);
        Assert.Contains("988", reply.Messages[0]);
        Assert.Equal(EscalationHarness.Text("safety.peer_unavailable"), reply.Messages[1]);
        Assert.True(watch.Elapsed < SafetyCheck.EscalationBudget + TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Empty(h.Outbox.Sent);
    }
}
