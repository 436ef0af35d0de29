using BotService.Tests.Support;
using BotService.Volunteers;

namespace BotService.Tests.Turns;

/// <summary>
/// Her own safety words (code word, SAFE, STOP, DELETE MY DATA) while a volunteer holds her case: decided before any
/// relay, and nothing the volunteer sends afterwards reaches her phone.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit calls IAsyncLifetime.DisposeAsync, which disposes the host.")]
public sealed class MemberGateTranscriptTests : IAsyncLifetime
{
    private const string Member = "+15551230001";
    private const string Ana = "+15557770001";
    private readonly BotTestHost _host = SafetyLine.Host();

    public Task InitializeAsync() => _host.AddVolunteerAsync("Ana", Ana);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> CrisisClaimedByAnaAsync()
    {
        // member: crisis / bot: safety lines, a peer is being asked
        var safety = await _host.Texts(Member, "i want to kill myself tonight");
        Assert.Contains("988", safety[0]);
        var code = _host.CodeFrom(Ana);
        // Ana: CLAIM / bot: it's yours, and her first message
        await _host.Texts(Ana, "CLAIM " + code);
        Assert.Contains(SafetyLine.Text("escalation.member_claimed", ("name", "Ana")), await _host.Reaches(Member));
        return code;
    }

    [Fact]
    public async Task Safe_during_a_live_relay_is_not_relayed_and_the_volunteer_can_no_longer_reach_her()
    {
        var code = await CrisisClaimedByAnaAsync();
        _host.Outbox!.Clear();

        // member: SAFE / bot: an innocent "got it"
        Assert.Equal([SafetyLine.Text("common.codeword_ack")], await _host.Texts(Member, "SAFE"));
        // Ana never sees the word; she gets one neutral line instead
        Assert.Equal([SafetyLine.Text("escalation.member_quiet", ("code", code))], await _host.Reaches(Ana));

        // Ana: are you still there? / bot to Ana: not sent; nothing reaches the member
        Assert.Equal([SafetyLine.Text("escalation.relay_frozen", ("code", code))], await _host.Texts(Ana, "Are you still there?"));
        Assert.Empty(await _host.Reaches(Member));
    }

    [Fact]
    public async Task Code_word_before_the_claim_the_claim_notice_never_reaches_her_and_the_volunteer_is_told()
    {
        await _host.Texts(Member, "i want to kill myself tonight");
        var code = _host.CodeFrom(Ana);
        Assert.Equal([SafetyLine.Text("common.codeword_ack")], await _host.Texts(Member, "safe"));

        var claim = await _host.Texts(Ana, "CLAIM " + code);
        Assert.Contains("do not text her", claim[1]);
        // "Ana, a peer volunteer, is here with you" was queued, but the send-time gate holds it back
        Assert.Empty(await _host.Reaches(Member));
        Assert.Equal([SafetyLine.Text("escalation.relay_frozen", ("code", code))], await _host.Texts(Ana, "Hi, I'm Ana"));
    }

    [Fact]
    public async Task Stop_during_a_live_relay_opts_her_out_is_not_relayed_and_queued_texts_never_leave()
    {
        var code = await CrisisClaimedByAnaAsync();
        // Ana wrote just before: queued, not yet sent
        await _host.Texts(Ana, "I'm here. Can you tell me where you are?");

        // member: STOP / bot: unsubscribed
        Assert.Contains("unsubscribed", (await _host.Texts(Member, "STOP"))[0]);
        Assert.DoesNotContain(_host.Outbox!.To(Ana), m => m.Body.Contains("STOP"));
        Assert.Contains(SafetyLine.Text("escalation.member_quiet", ("code", code)), await _host.Reaches(Ana));
        // Nothing queued for her leaves any more, on any channel
        Assert.Empty(await _host.Reaches(Member));
        Assert.Equal([SafetyLine.Text("escalation.relay_frozen", ("code", code))], await _host.Texts(Ana, "Please answer"));
    }

    [Fact]
    public async Task Delete_my_data_during_a_live_relay_is_not_relayed_closes_the_case_and_tells_the_volunteer()
    {
        var code = await CrisisClaimedByAnaAsync();
        _host.Outbox!.Clear();

        // member: DELETE MY DATA / bot: are you sure? 1 delete, 2 keep
        var confirm = await _host.Texts(Member, "DELETE MY DATA");
        Assert.Equal(SafetyLine.Text("erase.confirm"), confirm[0]);
        // member: 1 / bot: deleted
        Assert.Equal(SafetyLine.Text("erase.done"), (await _host.Texts(Member, "1"))[0]);

        // Ana saw neither text, and is told the case closed
        Assert.Equal([SafetyLine.Text("escalation.member_erased", ("code", code))], await _host.Reaches(Ana));
        // her case is gone from Ana's list: the text goes nowhere
        Assert.Equal([SafetyLine.Text("escalation.help")], await _host.Texts(Ana, "are you ok?"));
        var record = await _host.Get<EscalationStore>().GetAsync(code, default);
        Assert.Equal(EscalationStatus.Closed, record!.Status);
        Assert.Null(record.EncryptedText);
        Assert.Null(record.EncryptedAddress);
        Assert.Empty(await _host.Reaches(Member));
    }
}
