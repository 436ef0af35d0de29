using System.Globalization;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using Xunit.Abstractions;

namespace BotService.Tests.Messaging;

public class OutboxDispatcherTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task Pacing_keeps_one_message_per_second_per_sender_and_a_late_crisis_message_jumps_the_queue()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock);
        await h.StartDispatcherAsync(transport);

        for (var i = 0; i < 20; i++) await h.EnqueueAsync($"+1555200{i:D4}", $"check-in {i}", MessagePriority.CheckIn);
        await h.SettleAsync();
        await h.EnqueueAsync("+15552009999", "crisis line: 988", MessagePriority.Crisis);
        await h.RunAsync(TimeSpan.FromMinutes(2), TimeSpan.FromMilliseconds(100), () => transport.Calls == 21);

        var sent = transport.Sent.ToList();
        Assert.Equal(21, sent.Count);
        var gaps = sent.Zip(sent.Skip(1), (a, b) => b.At - a.At).ToList();
        output.WriteLine($"21 sends over {sent[^1].At - sent[0].At}; min gap {gaps.Min()}, max gap {gaps.Max()}");
        Assert.All(gaps, g => Assert.True(g >= Second, $"gap {g} is under a second"));
        // No burst and no idling either: the queue drains at the permitted rate.
        Assert.All(gaps, g => Assert.True(g <= Second + TimeSpan.FromMilliseconds(100), $"gap {g}"));
        // The first check-in left as soon as it was enqueued; the crisis message, enqueued last, went next.
        Assert.Equal("crisis line: 988", sent[1].Body);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"check-in {i}"), sent.Where(s => s.Body.StartsWith("check-in", StringComparison.Ordinal)).Select(s => s.Body));
    }

    [Fact]
    public async Task A_message_written_under_a_key_this_instance_lacks_fails_at_once_with_a_reason_and_is_never_claimed()
    {
        await using var h = new OutboundHarness();
        // Another instance (or this one before a key rotation that dropped the old key) wrote this row.
        var foreign = new TableOutbox(h.Store, h.Hasher, new BotService.Privacy.FieldEncryptor(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            h.Clock, h.Signal, h.Sink, Microsoft.Extensions.Logging.Abstractions.NullLogger<TableOutbox>.Instance);
        await foreign.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, "+15552000077", "unreadable here", MessagePriority.Normal, "k1"), default);
        await h.EnqueueAsync("+15552000078", "readable");
        var transport = new ScriptedTransport(h.Clock);
        await h.StartDispatcherAsync(transport);
        await h.RunAsync(TimeSpan.FromMinutes(1), Second, () => transport.Calls == 1 && h.MessagesAsync().Result.All(r => r.Status is OutboxStatus.Sent or OutboxStatus.Failed));

        Assert.Equal(["readable"], transport.Sent.Select(s => s.Body));
        var failed = Assert.Single(await h.MessagesAsync(), r => r.Status == OutboxStatus.Failed);
        Assert.Contains("cannot decrypt", failed.FailureReason);
        Assert.Equal(0, failed.Attempts ?? 0);
    }

    [Fact]
    public async Task Priority_order_is_crisis_relay_normal_checkin_then_enqueue_time()
    {
        await using var h = new OutboundHarness();
        await h.EnqueueAsync("+15552000001", "checkin", MessagePriority.CheckIn);
        await h.EnqueueAsync("+15552000002", "normal-1", MessagePriority.Normal);
        await h.EnqueueAsync("+15552000003", "relay", MessagePriority.Relay);
        await h.EnqueueAsync("+15552000004", "normal-2", MessagePriority.Normal);
        await h.EnqueueAsync("+15552000005", "crisis", MessagePriority.Crisis);
        var transport = new ScriptedTransport(h.Clock);
        await h.StartDispatcherAsync(transport);
        await h.RunAsync(TimeSpan.FromMinutes(1), Second, () => transport.Calls == 5);
        Assert.Equal(["crisis", "relay", "normal-1", "normal-2", "checkin"], transport.Sent.Select(s => s.Body));
    }

    [Fact]
    public async Task Senders_are_paced_independently()
    {
        await using var h = new OutboundHarness();
        var sms = new ScriptedTransport(h.Clock, "sms", "+15550000001");
        var other = new ScriptedTransport(h.Clock, "botframework");
        for (var i = 0; i < 3; i++)
        {
            await h.EnqueueAsync($"+1555300000{i}", "sms " + i);
            await h.EnqueueAsync("user-" + i, "bf " + i, channel: "botframework");
        }
        await h.StartDispatcherAsync(sms, other);
        // Both first messages leave at once; pacing on one sender does not hold up the other.
        Assert.Equal(1, sms.Calls);
        Assert.Equal(1, other.Calls);
        await h.RunAsync(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), () => sms.Calls == 3 && other.Calls == 3);
        Assert.Equal(TimeSpan.FromSeconds(2), sms.Sent.Last().At - sms.Sent.First().At);
    }

    [Fact]
    public async Task Long_messages_are_paced_per_segment()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock);
        await h.EnqueueAsync("+15552000001", new string('a', 400)); // 3 segments
        await h.EnqueueAsync("+15552000002", "short");
        await h.StartDispatcherAsync(transport);
        await h.RunAsync(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(100), () => transport.Calls == 2);
        var sent = transport.Sent.ToList();
        Assert.Equal(TimeSpan.FromSeconds(3), sent[1].At - sent[0].At);
    }

    [Fact]
    public async Task Same_dedupe_key_twice_sends_once()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock);
        await h.StartDispatcherAsync(transport);
        Assert.True(await h.EnqueueAsync("+15552000001", "hello", dedupeKey: "checkin:2025-01-06:member-1"));
        Assert.False(await h.EnqueueAsync("+15552000001", "hello", dedupeKey: "checkin:2025-01-06:member-1"));
        await h.RunAsync(TimeSpan.FromMinutes(1), Second);
        Assert.Equal(1, transport.Calls);
        Assert.Single(await h.MessagesAsync());
    }

    [Fact]
    public async Task Crash_between_marking_and_recording_resends_exactly_once()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock);
        // The first call never returns: the process "dies" while the provider has (or has not) got the message.
        transport.Script = async (n, _, ct) =>
        {
            if (n == 1) await Task.Delay(Timeout.Infinite, ct);
            return new SendOutcome(SendOutcomeKind.Accepted, "SM" + n.ToString("D32", CultureInfo.InvariantCulture));
        };
        h.AlsoQuiet = () => Volatile.Read(ref transport.InFlight) > 0;
        await h.StartDispatcherAsync(transport);
        await h.EnqueueAsync("+15552000001", "are you ok?", MessagePriority.Relay);
        await h.SettleAsync();

        var row = Assert.Single(await h.MessagesAsync());
        Assert.Equal(OutboxStatus.Sending, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Equal(h.Clock.GetUtcNow() + h.Options.Lease, row.LeaseUntil);
        await h.StopDispatcherAsync();
        h.AlsoQuiet = () => false;

        // A new process starting inside the lease leaves it alone ...
        h.Clock.Advance(h.Options.Lease - Second);
        await h.StartDispatcherAsync(transport);
        await h.RunAsync(TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(100));
        Assert.Equal(1, transport.Calls);
        await h.StopDispatcherAsync();

        // ... and one starting after it sends once more, then never again.
        h.Clock.Advance(TimeSpan.FromSeconds(5));
        await h.StartDispatcherAsync(transport);
        await h.RunAsync(TimeSpan.FromHours(1), TimeSpan.FromSeconds(10));
        Assert.Equal(2, transport.Calls);
        row = Assert.Single(await h.MessagesAsync());
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal("SM" + 2.ToString("D32", CultureInfo.InvariantCulture), row.ProviderSid);
        Assert.Equal(1, row.LeaseRecoveries);
        Assert.Empty(await h.RowsAsync("due-"));
    }

    [Fact]
    public async Task Crash_twice_fails_the_message_instead_of_repeating_it()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock) { Script = async (_, _, ct) => { await Task.Delay(Timeout.Infinite, ct); return null!; } };
        h.AlsoQuiet = () => Volatile.Read(ref transport.InFlight) > 0;
        await h.EnqueueAsync("+15552000001", "hello");
        for (var crash = 0; crash < 2; crash++)
        {
            await h.StartDispatcherAsync(transport);
            await h.SettleAsync();
            await h.StopDispatcherAsync();
            h.Clock.Advance(h.Options.Lease + Second);
        }
        Assert.Equal(2, transport.Calls);
        await h.StartDispatcherAsync(transport);
        await h.RunAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        Assert.Equal(2, transport.Calls);
        var row = Assert.Single(await h.MessagesAsync());
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Contains("lease lost twice", row.FailureReason);
        Assert.Null(row.BodyCipher);
    }

    [Fact]
    public async Task Retries_back_off_and_give_up_after_max_attempts()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock)
        {
            Script = (_, _, _) => Task.FromResult(new SendOutcome(SendOutcomeKind.RetryLater, ErrorCode: "500", Detail: "twilio http 500")),
        };
        await h.StartDispatcherAsync(transport);
        await h.EnqueueAsync("+15552000001", "hello");
        var used = await h.RunAsync(TimeSpan.FromHours(1), Second, () => h.MessagesAsync().Result.Single().Status == OutboxStatus.Failed);

        var times = transport.Sent.Select(s => s.At).ToList();
        Assert.Equal(h.Options.MaxAttempts, times.Count);
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        output.WriteLine($"retry gaps: {string.Join(", ", gaps.Select(g => g.TotalSeconds.ToString("F0", CultureInfo.CurrentCulture)))} s; gave up after {times[^1] - times[0]}");
        for (var i = 1; i < gaps.Count; i++) Assert.True(gaps[i] > gaps[i - 1], "backoff grows");
        Assert.InRange((times[^1] - times[0]).TotalMinutes, 6, 14);
        var row = Assert.Single(await h.MessagesAsync());
        Assert.Equal("500", row.ErrorCode);
        Assert.Contains("gave up after 6 attempts", row.FailureReason);
        Assert.True(used < TimeSpan.FromMinutes(15));
    }

    [Fact]
    public async Task Retry_after_is_a_floor_for_the_next_attempt()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock)
        {
            Script = (n, _, _) => Task.FromResult(n == 1
                ? new SendOutcome(SendOutcomeKind.RetryLater, ErrorCode: "20429", RetryAfter: TimeSpan.FromSeconds(90))
                : new SendOutcome(SendOutcomeKind.Accepted, "SMabc")),
        };
        await h.StartDispatcherAsync(transport);
        await h.EnqueueAsync("+15552000001", "hello");
        await h.RunAsync(TimeSpan.FromMinutes(5), Second, () => transport.Calls == 2);
        var sent = transport.Sent.ToList();
        Assert.InRange((sent[1].At - sent[0].At).TotalSeconds, 90, 91);
    }

    [Fact]
    public async Task Opted_out_recipient_is_reported_and_not_retried()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock)
        {
            Script = (_, _, _) => Task.FromResult(new SendOutcome(SendOutcomeKind.RecipientOptedOut, ErrorCode: "21610")),
        };
        await h.StartDispatcherAsync(transport);
        await h.EnqueueAsync("(555) 200-0001", "hello");
        await h.RunAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));
        Assert.Equal(1, transport.Calls);
        var call = Assert.Single(h.Sink.Calls);
        Assert.Equal(("opted-out", "sms", "+15552000001"), (call.Kind, call.Channel, call.Recipient));
        var row = Assert.Single(await h.MessagesAsync());
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Equal("21610", row.ErrorCode);
    }

    [Fact]
    public async Task Outbox_table_holds_no_recipient_digits_and_no_body()
    {
        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock)
        {
            Script = (n, _, _) => Task.FromResult(n % 2 == 0
                ? new SendOutcome(SendOutcomeKind.Accepted, "SM" + n.ToString("D32", CultureInfo.InvariantCulture))
                : new SendOutcome(SendOutcomeKind.RecipientUnreachable, ErrorCode: "30006")),
        };
        var numbers = Enumerable.Range(0, 6).Select(i => $"+1555271{i:D4}").ToList();
        await h.StartDispatcherAsync(transport);
        foreach (var n in numbers) await h.EnqueueAsync(n, $"Private note for {n}: meeting at 6pm", dedupeKey: "dedupe " + n);
        // One still queued (not yet due): its row is encrypted too.
        await h.RunAsync(TimeSpan.FromMinutes(1), Second, () => transport.Calls == numbers.Count);
        await h.EnqueueAsync("+15552719999", "still waiting to go out");

        var dump = await h.DumpAsync();
        Assert.Contains("msg-", dump);
        foreach (var n in numbers.Append("+15552719999"))
        {
            Assert.DoesNotContain(n.TrimStart('+'), dump);
            Assert.DoesNotContain(n[^7..], dump);
        }
        Assert.DoesNotContain("Private note", dump);
        Assert.DoesNotContain("meeting at 6pm", dump);
        Assert.DoesNotContain("still waiting", dump);
        Assert.DoesNotContain("dedupe ", dump);
        // Sent and failed messages keep no body at all, not even encrypted.
        Assert.All((await h.MessagesAsync()).Where(r => r.Status != OutboxStatus.Queued), r => Assert.Null(r.BodyCipher));
    }

    [Fact]
    public async Task Unknown_channel_fails_with_a_reason()
    {
        await using var h = new OutboundHarness();
        await h.StartDispatcherAsync(new ScriptedTransport(h.Clock));
        await h.EnqueueAsync("user-1", "hi", channel: "carrier-pigeon");
        await h.RunAsync(TimeSpan.FromSeconds(5), Second);
        var row = Assert.Single(await h.MessagesAsync());
        Assert.Equal(OutboxStatus.Failed, row.Status);
        Assert.Contains("no transport", row.FailureReason);
    }
}
