using BotService.Messaging;
using BotService.Safety;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

public class ClaimAndRelayTests
{
    private const string Member = "+15551230001";
    private const string Member2 = "+15551230002";
    private const string Member3 = "+15551230003";
    private const string Ana = "+15557770001";
    private const string Bea = "+15557770002";

    [Fact]
    public async Task Texts_from_someone_who_is_not_a_volunteer_are_not_handled()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);

        Assert.Null(await h.VolunteerSays(Member, "CLAIM ACDE"));
        Assert.Null(await h.MemberSays(Member, "hello"));
    }

    [Fact]
    public async Task Claim_relay_both_ways_and_done_without_either_seeing_the_other()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.AddVolunteerAsync("Bea", Bea);
        await h.CrisisAsync(Member, "i want to kill myself tonight");
        var code = await h.OpenCodeAsync(Member);

        var won = await h.VolunteerSays(Ana, "claim " + code.ToLowerInvariant());
        var lost = await h.VolunteerSays(Bea, "CLAIM " + code);

        Assert.Equal(EscalationHarness.Text("escalation.claim_won", ("code", code), ("max", 2)), won!.Messages[0]);
        Assert.Contains("kill myself", won.Messages[2]);
        Assert.Equal(EscalationHarness.Text("escalation.claim_taken", ("code", code)), Assert.Single(lost!.Messages));
        Assert.Contains("Ana", Assert.Single(h.Outbox.To(Member)).Body);

        // Volunteer -> member: her first name, from the bot.
        Assert.Same(TurnReply.None, await h.VolunteerSays(Ana, "Hi, I'm here. Are you somewhere safe?"));
        var toMember = h.Outbox.To(Member)[^1];
        Assert.Equal("Ana (peer): Hi, I'm here. Are you somewhere safe?", toMember.Body);
        Assert.Equal(MessagePriority.Relay, toMember.Priority);

        // Member -> volunteer: the code, never her number.
        Assert.Same(TurnReply.None, await h.MemberSays(Member, "yes im at home"));
        var toAna = h.Outbox.To(Ana)[^1];
        Assert.Equal($"{code}: yes im at home", toAna.Body);
        Assert.Equal(MessagePriority.Relay, toAna.Priority);

        foreach (var m in h.Outbox.Sent)
        {
            if (m.RecipientAddress != Member) Assert.DoesNotContain("1230001", m.Body);
            if (m.RecipientAddress != Ana) Assert.DoesNotContain("7770001", m.Body);
        }
        Assert.DoesNotContain(h.Outbox.To(Bea), m => m.Priority == MessagePriority.Relay);

        var done = await h.VolunteerSays(Ana, "DONE safe she is with her sister");

        Assert.Equal(EscalationHarness.Text("escalation.done_ok", ("code", code), ("outcome", "safe")), Assert.Single(done!.Messages));
        var record = await h.Escalations.GetAsync(code, default);
        Assert.Equal(EscalationStatus.Closed, record!.Status);
        Assert.Equal(EscalationOutcome.Safe, record.Outcome);
        Assert.Null(record.EncryptedText);
        Assert.Null(record.EncryptedAddress);
        Assert.Equal(EscalationHarness.Text("escalation.member_closing_suicide"), h.Outbox.To(Member)[^1].Body);
        var followUp = Assert.Single(h.FollowUps.Requests);
        Assert.Equal(h.MemberKey(Member), followUp.MemberKey);
        Assert.Equal(h.Clock.GetUtcNow().AddDays(1), followUp.DueAt);
        Assert.Null(await h.Escalations.MemberOpenCodeAsync(h.MemberKey(Member), default));
        Assert.Empty(await h.Escalations.VolunteerCasesAsync((await h.Volunteers.FindBySenderAsync("sms", Ana, default))!.Id, default));
        Assert.Null(await h.MemberSays(Member, "thank you"));

        var events = (await h.Escalations.EventsAsync(code, default)).Select(e => e.Kind).ToList();
        Assert.Equal([EscalationEventKind.Opened, EscalationEventKind.Paged, EscalationEventKind.Claimed, EscalationEventKind.Relayed, EscalationEventKind.Relayed, EscalationEventKind.Closed], events);
    }

    [Fact]
    public async Task Done_without_an_outcome_asks_for_one_and_keeps_the_case()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);

        var reply = await h.VolunteerSays(Ana, "done");

        Assert.Contains("DONE noanswer", reply!.Messages[0]);
        Assert.Equal(EscalationStatus.Claimed, (await h.Escalations.GetAsync(code, default))!.Status);
    }

    [Fact]
    public async Task Max_active_cases_per_volunteer_is_enforced_and_two_cases_need_the_code()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        await h.CrisisAsync(Member2);
        await h.CrisisAsync(Member3);
        var c1 = await h.OpenCodeAsync(Member);
        var c2 = await h.OpenCodeAsync(Member2);
        var c3 = await h.OpenCodeAsync(Member3);

        await h.VolunteerSays(Ana, "CLAIM " + c1);
        await h.VolunteerSays(Ana, "CLAIM " + c2);
        var third = await h.VolunteerSays(Ana, "CLAIM " + c3);

        Assert.Equal(EscalationHarness.Text("escalation.claim_limit", ("count", 2), ("max", 2)), third!.Messages[0]);
        Assert.Equal(EscalationStatus.Open, (await h.Escalations.GetAsync(c3, default))!.Status);

        var which = await h.VolunteerSays(Ana, "are you ok?");
        Assert.Contains(c1, which!.Messages[0]);
        Assert.DoesNotContain(h.Outbox.Sent, m => m.Body.Contains("are you ok?", StringComparison.Ordinal));

        await h.VolunteerSays(Ana, $"{c2} are you ok?");
        Assert.Equal("Ana (peer): are you ok?", h.Outbox.To(Member2)[^1].Body);

        await h.VolunteerSays(Ana, $"DONE {c1} referred");
        Assert.Equal(EscalationOutcome.Referred, (await h.Escalations.GetAsync(c1, default))!.Outcome);
        Assert.Equal(EscalationHarness.Text("escalation.claim_won", ("code", c3), ("max", 2)), (await h.VolunteerSays(Ana, "CLAIM " + c3))!.Messages[0]);
    }

    [Fact]
    public async Task Status_lists_waiting_cases_and_hers_and_off_stops_pages()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        await h.CrisisAsync(Member2);
        var c1 = await h.OpenCodeAsync(Member);
        var c2 = await h.OpenCodeAsync(Member2);
        await h.VolunteerSays(Ana, "CLAIM " + c1);

        var status = await h.VolunteerSays(Ana, "STATUS");

        Assert.Equal(EscalationHarness.Text("escalation.status", ("oncall", "yes"), ("waiting", c2), ("mine", c1)), status!.Messages[0]);

        await h.VolunteerSays(Ana, "OFF");
        h.Outbox.Clear();
        await h.CrisisAsync(Member3);
        Assert.Empty(h.Outbox.Sent);
    }

    [Fact]
    public async Task A_volunteer_with_no_case_gets_help_and_her_text_goes_nowhere()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);

        var reply = await h.VolunteerSays(Ana, "hello?");

        Assert.Equal(EscalationHarness.Text("escalation.help"), reply!.Messages[0]);
        Assert.Empty(h.Outbox.Sent);
    }

    [Fact]
    public async Task A_crisis_message_while_claimed_reaches_her_volunteer()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member, "i relapsed", BotService.Safety.CrisisDetection.CrisisSeverity.Support);
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);

        Assert.Equal(PeerAvailability.WithVolunteer, await h.CrisisAsync(Member, "i have the pills in my hand"));

        var relayed = h.Outbox.To(Ana)[^1];
        Assert.Equal($"URGENT {code}: i have the pills in my hand", relayed.Body);
        Assert.Equal(MessagePriority.Imminent, relayed.Priority);
    }

    [Theory]
    [InlineData("safe", EscalationOutcome.Safe)]
    [InlineData("Referred.", EscalationOutcome.Referred)]
    [InlineData("EMERGENCY", EscalationOutcome.Emergency)]
    [InlineData("noanswer", EscalationOutcome.NoAnswer)]
    [InlineData("segura", EscalationOutcome.Safe)]
    [InlineData("maybe", EscalationOutcome.None)]
    public void Outcome_words(string word, EscalationOutcome expected) => Assert.Equal(expected, VolunteerRouter.ParseOutcome(word));
}
