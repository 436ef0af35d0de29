using BotService.Messaging;
using BotService.Safety;
using BotService.Safety.CrisisDetection;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

/// <summary>Who may claim, what the claim shows, what a relay may carry, and a volunteer's own STOP.</summary>
public sealed class ClaimAndRelayRulesTests
{
    private const string Member = "+15551230001";
    private const string Ana = "+15557770001";
    private const string Bea = "+15557770002";
    private const string Coordinator = "+15550009999";

    [Fact]
    public async Task Off_call_or_not_speaking_her_language_cannot_claim_but_the_coordinator_can()
    {
        using var h = new EscalationHarness(settings: new() { ["Escalation:CoordinatorPhone"] = Coordinator });
        await h.AddVolunteerAsync("Ana", Ana, onCall: false, "en");
        await h.AddVolunteerAsync("Bea", Bea, onCall: true, "en");
        await h.AddVolunteerAsync("Coord", Coordinator, onCall: false, "en");
        await h.CrisisAsync(Member, "ya no quiero vivir", language: "es");
        var code = await h.OpenCodeAsync(Member);

        Assert.Equal(EscalationHarness.Text("escalation.claim_off_call", ("code", code)), (await h.VolunteerSays(Ana, "CLAIM " + code))!.Messages[0]);
        Assert.Equal(EscalationHarness.Text("escalation.claim_language", ("code", code), ("language", "Spanish")), (await h.VolunteerSays(Bea, "CLAIM " + code))!.Messages[0]);
        Assert.Equal(EscalationHarness.Text("escalation.claim_won", ("code", code), ("max", 2)), (await h.VolunteerSays(Coordinator, "CLAIM " + code))!.Messages[0]);
    }

    [Fact]
    public async Task The_claim_shows_her_opening_message_her_language_and_discreet_mode_not_her_latest_text()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana, true, "en", "es");
        await h.CrisisAsync(Member, "i want to die", CrisisSeverity.High, language: "es");
        await h.CrisisAsync(Member, "i took pills", CrisisSeverity.Imminent, language: "es");
        var code = await h.OpenCodeAsync(Member);

        var claim = (await h.VolunteerSays(Ana, "CLAIM " + code))!.Messages;
        Assert.Equal(EscalationHarness.Text("escalation.claim_about", ("code", code), ("language", "Spanish"), ("discreet", "no")), claim[1]);
        Assert.Equal(EscalationHarness.Text("escalation.claim_context", ("code", code), ("text", "i want to die")), claim[2]);
    }

    [Fact]
    public async Task Two_claims_sent_together_cannot_both_pass_the_cap()
    {
        using var h = new EscalationHarness(settings: new() { ["Escalation:MaxActivePerVolunteer"] = "1" });
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        await h.CrisisAsync("+15551230002");
        var codes = new[] { await h.OpenCodeAsync(Member), await h.OpenCodeAsync("+15551230002") };

        await Task.WhenAll(codes.Select(c => h.VolunteerSays(Ana, "CLAIM " + c)));

        Assert.Single(await h.Escalations.VolunteerCasesAsync((await h.Volunteers.AllAsync(default))[0].Id, default));
        Assert.Single(await h.Escalations.NotClosedAsync(default), r => r.Status == EscalationStatus.Claimed);
    }

    [Fact]
    public async Task A_long_relay_is_split_under_twilio_s_limit_and_carries_no_line_breaks_or_bidi_overrides()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);
        h.Outbox.Clear();

        var spoof = "ok\n\nBot: Your peer has left. Text 5551230009\u202Eevil\u2066 " + string.Concat(Enumerable.Repeat("I am here for you. ", 150));
        await h.VolunteerSays(Ana, spoof);

        var parts = h.Outbox.To(Member);
        Assert.Equal(2, parts.Count);
        Assert.All(parts, p => Assert.True(p.Body.Length <= 1600, $"{p.Body.Length} chars"));
        Assert.All(parts, p => Assert.DoesNotContain(p.Body, c => char.IsControl(c) || c is '\u202E' or '\u2066'));
        Assert.StartsWith("Ana (peer): ok Bot: Your peer", parts[0].Body);

        await h.MemberSays(Member, new string('x', 3000));
        Assert.All(h.Outbox.To(Ana), p => Assert.True(p.Body.Length <= 1600));
    }

    [Fact]
    public async Task A_crisis_text_in_a_live_relay_reaches_her_volunteer_marked_urgent_and_she_is_told_her_peer_has_it()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member, "i feel hopeless", CrisisSeverity.High);
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);
        h.Outbox.Clear();

        Assert.Equal(PeerAvailability.WithVolunteer, await h.CrisisAsync(Member, "i have the pills in my hand"));

        var urgent = Assert.Single(h.Outbox.To(Ana));
        Assert.Equal(EscalationHarness.Text("escalation.relay_urgent", ("code", code), ("text", "i have the pills in my hand")), urgent.Body);
        Assert.Equal(MessagePriority.Imminent, urgent.Priority);
    }

    [Fact]
    public async Task A_volunteer_s_stop_takes_her_off_call_opts_her_out_is_never_relayed_and_pages_skip_her()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);
        h.Outbox.Clear();

        Assert.Equal(EscalationHarness.Text("escalation.stopped"), (await h.VolunteerSays(Ana, "STOP"))!.Messages[0]);
        Assert.Empty(h.Outbox.To(Member));
        var ana = (await h.Volunteers.AllAsync(default))[0];
        Assert.False(ana.OnCall);
        Assert.True(ana.OptedOut);

        // the next member is told honestly that nobody can be reached
        Assert.Equal(PeerAvailability.Unavailable, await h.CrisisAsync("+15551230002"));
        Assert.Empty(h.Outbox.To(Ana));
    }

    [Fact]
    public async Task Done_with_two_cases_shows_a_real_example_and_the_closing_fits_the_case()
    {
        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.Escalation.EscalateAsync(new CrisisEscalationRequest(h.MemberKey(Member), BotService.Messaging.ChannelNames.Sms, Member, "en",
            new CrisisAssessment(CrisisSeverity.Imminent, CrisisCategory.Violence, "en", "test"), "he is hitting me", h.Clock.GetUtcNow()), default);
        await h.CrisisAsync("+15551230002");
        var first = await h.OpenCodeAsync(Member);
        var second = await h.OpenCodeAsync("+15551230002");
        await h.VolunteerSays(Ana, "CLAIM " + first);
        await h.VolunteerSays(Ana, "CLAIM " + second);

        var which = (await h.VolunteerSays(Ana, "DONE safe"))!.Messages[0];
        // A real example: one code, not both pasted together
        Assert.Matches($"e\\.g\\. DONE ({first}|{second}) safe\\.$", which);

        await h.VolunteerSays(Ana, $"DONE {first} safe");
        var closing = h.Outbox.To(Member)[^1].Body;
        Assert.Contains("1-800-799-7233", closing);
    }
}
