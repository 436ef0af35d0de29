using BotService.Channels.Twilio;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Tests.Channels.Twilio;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace BotService.Tests.Messaging;

/// <summary>
/// Several instances on one table store: only the holder of the dispatch lease sends, so one number keeps one pace
/// and one priority order however many instances enqueue. Each "instance" here is its own outbox and dispatcher over
/// the same store, driven step by step on one manual clock.
/// </summary>
public class DispatchLeaseTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    private sealed record Instance(TableOutbox Outbox, OutboxDispatcher Dispatcher, ScriptedTransport Transport);

    private static Instance NewInstance(OutboundHarness h, IMessageTransport? transport = null)
    {
        var outbox = new TableOutbox(h.Store, h.Hasher, h.Encryptor, h.Clock, new OutboxSignal(), h.Sink, NullLogger<TableOutbox>.Instance);
        var scripted = new ScriptedTransport(h.Clock, pacingKey: "+15550001111");
        var gate = new BotService.Members.MemberSendGate(h.Store, [], new BotService.Members.QuietHoursPolicy(new BotService.CheckIns.CheckInOptions().QuietHours), h.Clock);
        var dispatcher = new OutboxDispatcher(outbox, [transport ?? scripted], h.Sink, gate, new OutboxSignal(), h.Clock, Options.Create(h.Options),
            Options.Create(h.Twilio), h.Store, NullLogger<OutboxDispatcher>.Instance) { Random = new Random(3) };
        return new Instance(outbox, dispatcher, scripted);
    }

    private static Task<bool> Enqueue(Instance at, string to, string body, MessagePriority priority) =>
        at.Outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, to, body, priority, Guid.NewGuid().ToString()), CancellationToken.None);

    /// <summary>Every live instance's dispatcher gets a pass, then the clock moves one step.</summary>
    private static async Task RunAsync(OutboundHarness h, TimeSpan span, params Instance[] live)
    {
        var end = h.Clock.GetUtcNow() + span;
        while (h.Clock.GetUtcNow() < end)
        {
            foreach (var instance in live) await instance.Dispatcher.DrainAsync(CancellationToken.None);
            h.Clock.Advance(Step);
        }
    }

    [Fact]
    public async Task Three_instances_share_one_pace_and_a_page_queued_anywhere_leaves_before_later_check_ins()
    {
        await using var h = new OutboundHarness();
        var instances = Enumerable.Range(0, 3).Select(_ => NewInstance(h)).ToArray();
        for (var i = 0; i < 12; i++) await Enqueue(instances[i % 3], $"+1555300{i:D4}", $"check-in {i}", MessagePriority.CheckIn);
        await RunAsync(h, TimeSpan.FromSeconds(3), instances);
        // A page queued on whichever instance does not send, then more check-ins queued after it.
        var quiet = instances.First(x => !x.Dispatcher.HoldsDispatchLease);
        await Enqueue(quiet, "+15553009999", "page: case K7", MessagePriority.Crisis);
        await Enqueue(instances[0], "+15553008888", "check-in late", MessagePriority.CheckIn);
        await RunAsync(h, TimeSpan.FromSeconds(20), instances);

        var sent = instances.SelectMany(x => x.Transport.Sent).OrderBy(s => s.At).ToList();
        Assert.Equal(14, sent.Count);
        var senders = instances.Where(x => !x.Transport.Sent.IsEmpty).ToList();
        var gaps = sent.Zip(sent.Skip(1), (a, b) => b.At - a.At).ToList();
        output.WriteLine($"{sent.Count} sends by {senders.Count} instance(s); smallest gap {gaps.Min()}");
        Assert.Single(senders);
        Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromSeconds(1), $"two sends {g} apart on a 1/s number"));
        var page = sent.FindIndex(s => s.Body == "page: case K7");
        Assert.Equal(sent.FindIndex(s => s.At > sent[2].At), page);
        Assert.True(page < sent.FindIndex(s => s.Body == "check-in late"));
    }

    [Fact]
    public async Task When_the_sending_instance_dies_another_takes_over_after_its_lease_without_overlapping_it()
    {
        await using var h = new OutboundHarness();
        var first = NewInstance(h);
        var second = NewInstance(h);
        for (var i = 0; i < 10; i++) await Enqueue(first, $"+1555310{i:D4}", $"check-in {i}", MessagePriority.CheckIn);
        await RunAsync(h, TimeSpan.FromSeconds(3), first, second);
        Assert.True(first.Dispatcher.HoldsDispatchLease);
        var diedAt = h.Clock.GetUtcNow();
        var lastByFirst = first.Transport.Sent.Max(s => s.At);

        // The first instance is killed: it never runs again, and never hands over.
        await RunAsync(h, TimeSpan.FromSeconds(40), second);

        Assert.Equal(10, first.Transport.Sent.Count + second.Transport.Sent.Count);
        var firstBySecond = second.Transport.Sent.Min(s => s.At);
        output.WriteLine($"first sent {first.Transport.Sent.Count}, last at +{(lastByFirst - diedAt).TotalSeconds:F1} s; second took over at +{(firstBySecond - diedAt).TotalSeconds:F1} s");
        Assert.True(firstBySecond - lastByFirst >= TwilioMessageSender.DefaultTimeout, "the new holder sent while the old one's send could still be in flight");
        Assert.True(firstBySecond - diedAt <= h.Options.DispatchLease + TimeSpan.FromSeconds(6), "takeover took longer than the lease and one retry");
        Assert.Empty(first.Transport.Sent.Select(s => s.To).Intersect(second.Transport.Sent.Select(s => s.To)));
    }

    [Fact]
    public async Task A_graceful_stop_hands_over_at_once_and_the_next_holder_keeps_the_pace()
    {
        await using var h = new OutboundHarness();
        var leaving = await h.StartDispatcherAsync(new ScriptedTransport(h.Clock, pacingKey: "+15550001111"));
        // Three segments: the number is busy for three seconds after this send.
        await h.EnqueueAsync("+15553200001", new string('a', 400), MessagePriority.Normal);
        await h.RunAsync(TimeSpan.FromSeconds(2), Step, () => h.MessagesAsync().Result.All(r => r.Status == OutboxStatus.Sent));
        var sentAt = h.Clock.GetUtcNow();
        await h.StopDispatcherAsync();

        var next = NewInstance(h);
        await Enqueue(next, "+15553200002", "after the hand-over", MessagePriority.Crisis);
        await RunAsync(h, TimeSpan.FromSeconds(8), next);

        var at = Assert.Single(next.Transport.Sent).At;
        output.WriteLine($"next holder's first send {(at - sentAt).TotalSeconds:F1} s after the last one");
        Assert.True(at - sentAt >= TimeSpan.FromSeconds(2), "the next holder ignored the three-segment send's pace");
        Assert.True(at - sentAt < h.Options.DispatchLease, "the next holder waited for the lease to run out instead of taking it over");
    }

    [Fact]
    public async Task A_sender_pool_keeps_each_member_on_one_sender_and_paces_each_at_its_own_rate()
    {
        await using var server = await TwilioStandIn.StartAsync();
        await using var h = new OutboundHarness();
        server.Clock = h.Clock;
        h.Twilio.AccountSid = "AC0123456789abcdef0123456789abcdef";
        h.Twilio.AuthToken = "test-token";
        h.Twilio.ApiBaseUrl = server.BaseUrl;
        h.Twilio.Senders = [
            new TwilioSenderOptions { PhoneNumber = "+15550001111", MessagesPerSecond = 1 },
            new TwilioSenderOptions { MessagingServiceSid = "MG0123456789abcdef0123456789abcdef", MessagesPerSecond = 4 },
        ];
        using var services = TwilioSenderServices.Build(h.Twilio, h.Clock);
        var transport = new TwilioMessageTransport(services.GetRequiredService<TwilioMessageSender>(), Options.Create(h.Twilio), h.Hasher,
            NullLogger<TwilioMessageTransport>.Instance);
        var instance = NewInstance(h, transport);
        var members = Enumerable.Range(0, 20).Select(i => $"+1555330{i:D4}").ToList();
        foreach (var round in new[] { "first", "second" })
            foreach (var member in members) await Enqueue(instance, member, $"{round} check-in", MessagePriority.CheckIn);
        for (var i = 0; i < 400 && server.Senders.Count < 40; i++)
        {
            await instance.Dispatcher.DrainAsync(CancellationToken.None);
            h.Clock.Advance(Step);
        }

        var sends = server.Senders.ToList();
        Assert.Equal(40, sends.Count);
        Assert.All(sends.GroupBy(s => s.To), g => Assert.Single(g.Select(s => s.Sender).Distinct()));
        var bySender = sends.GroupBy(s => s.Sender).ToDictionary(g => g.Key, g => g.OrderBy(s => s.At).ToList());
        Assert.Equal(2, bySender.Count);
        foreach (var (sender, list) in bySender)
        {
            var rate = h.Twilio.Senders.Single(s => s.Key == sender).MessagesPerSecond;
            var gaps = list.Zip(list.Skip(1), (a, b) => b.At - a.At).ToList();
            output.WriteLine($"{sender[..4]}…: {list.Count} sends, smallest gap {gaps.Min().TotalSeconds:F2} s (rate {rate}/s)");
            Assert.All(gaps, g => Assert.True(g >= TimeSpan.FromSeconds(1 / rate), $"{g} between two sends of a {rate}/s sender"));
        }
        // Both senders work at once: the whole pool takes as long as its busiest sender needs (members are spread by a
        // keyed hash, so how many each sender gets varies from run to run), not the sum of both.
        var busiest = bySender.Max(p => (p.Value.Count - 1) / h.Twilio.Senders.Single(s => s.Key == p.Key).MessagesPerSecond);
        var oneAfterTheOther = bySender.Sum(p => (p.Value.Count - 1) / h.Twilio.Senders.Single(s => s.Key == p.Key).MessagesPerSecond);
        var took = (sends.Max(s => s.At) - sends.Min(s => s.At)).TotalSeconds;
        Assert.True(took < busiest + 2 && took < oneAfterTheOther, $"{took:F1} s for the pool; busiest sender needs {busiest:F1} s, both in turn {oneAfterTheOther:F1} s");
    }
}
