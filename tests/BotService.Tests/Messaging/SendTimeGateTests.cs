using BotService.Members;
using BotService.Messaging;
using BotService.Messaging.Outbox;

namespace BotService.Tests.Messaging;

/// <summary>The dispatcher asks the send-time gate about every message addressed to a member, on every channel,
/// just before it leaves: what was queued before she said STOP or her code word never reaches her.</summary>
public sealed class SendTimeGateTests
{
    private sealed class OptedOut(string memberKey) : IOptOutLookup
    {
        public Task<bool> IsOptedOutAsync(string key, CancellationToken cancellationToken) => Task.FromResult(key == memberKey);
    }

    private static Task<bool> ToMember(OutboundHarness h, string channel, string to, string memberKey, string body, MessagePriority priority = MessagePriority.Relay, bool reply = false) =>
        h.Outbox.EnqueueAsync(new OutboundMessage(channel, to, body, priority, Guid.NewGuid().ToString()) { MemberKey = memberKey, IsTurnReply = reply }, default);

    [Fact]
    public async Task Queued_relays_to_a_member_who_then_opted_out_or_went_quiet_are_withheld_on_sms_and_bot_framework()
    {
        await using var h = new OutboundHarness();
        var sms = new ScriptedTransport(h.Clock);
        var teams = new ScriptedTransport(h.Clock, ChannelNames.BotFramework);
        h.OptOuts.Add(new OptedOut("stopped"));
        var quiet = MemberProfile.New("quiet", ChannelNames.BotFramework);
        quiet.SilencedUntil = h.Clock.GetUtcNow().AddHours(24);
        await h.Store.GetTable<MemberProfile>(MemberProfile.TableName).InsertAsync(quiet);

        await ToMember(h, ChannelNames.Sms, "+15551230001", "stopped", "Ana (peer): are you still there?");
        await ToMember(h, ChannelNames.BotFramework, "teams-user", "quiet", "Ana (peer): are you still there?");
        await ToMember(h, ChannelNames.BotFramework, "teams-user", "quiet", "Got it, thanks!", MessagePriority.Normal, reply: true);
        await ToMember(h, ChannelNames.Sms, "+15551230002", "someone-else", "Ana (peer): hi");
        await h.StartDispatcherAsync(sms, teams);
        await h.RunAsync(TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));

        Assert.Equal(["+15551230002"], sms.Sent.Select(s => s.To));
        // Her own turn's answer still goes (it confirms what she just asked); the volunteer's relay does not.
        Assert.Equal(["Got it, thanks!"], teams.Sent.Select(s => s.Body));
        var withheld = (await h.RowsAsync("msg-")).Where(r => r.Status == OutboxStatus.Withheld).ToList();
        Assert.Equal(2, withheld.Count);
        Assert.All(withheld, r => Assert.True(r.BodyCipher is null && r.RecipientCipher is null && r.MemberKey is null));
    }

    [Fact]
    public async Task A_check_in_that_falls_in_her_quiet_hours_waits_for_their_end_but_a_crisis_line_does_not()
    {
        await using var h = new OutboundHarness();
        var sms = new ScriptedTransport(h.Clock);
        // 03:00 in Chicago.
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 3, 10, 9, 0, 0, TimeSpan.Zero));
        var member = MemberProfile.New("night", ChannelNames.Sms);
        member.TimeZone = "America/Chicago";
        await h.Store.GetTable<MemberProfile>(MemberProfile.TableName).InsertAsync(member);

        await ToMember(h, ChannelNames.Sms, "+15551230003", "night", "How is your day, 1 to 5?", MessagePriority.CheckIn);
        await ToMember(h, ChannelNames.Sms, "+15551230003", "night", "Your peer volunteer has your message.", MessagePriority.Crisis);
        await h.StartDispatcherAsync(sms);
        await h.RunAsync(TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1));

        Assert.Equal(["Your peer volunteer has your message."], sms.Sent.Select(s => s.Body));
        await h.RunAsync(TimeSpan.FromHours(6), TimeSpan.FromMinutes(1), () => sms.Calls == 2);
        var checkIn = sms.Sent.Last();
        Assert.Equal("How is your day, 1 to 5?", checkIn.Body);
        Assert.True(checkIn.At >= new DateTimeOffset(2026, 3, 10, 13, 0, 0, TimeSpan.Zero), $"sent at {checkIn.At:u}, inside her quiet hours");
    }
}
