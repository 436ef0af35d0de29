using BotService.Tests.Support;
using BotService.Volunteers;

namespace BotService.Tests.Turns;

/// <summary>In discreet mode, and after her code word, HELP and MENU say nothing about recovery, peers or deleting.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "xUnit calls IAsyncLifetime.DisposeAsync, which disposes the host.")]
public sealed class NeutralModeTranscriptTests : IAsyncLifetime
{
    private const string Member = "+15551230001";
    private readonly BotTestHost _host = SafetyLine.Host();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task OnboardAsync(bool discreet)
    {
        foreach (var text in new[] { "hi", "1", "1", "9am", "1", discreet ? "1" : "2", "SKIP" }) await _host.Texts(Member, text);
    }

    private static void AssertNeutral(string text)
    {
        foreach (var word in new[] { "recovery", "women", "peer", "Delete", "Discreet", "Code word", "Coping" })
            Assert.DoesNotContain(word, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task In_discreet_mode_help_and_menu_give_nothing_away_and_help_states_the_real_frequency()
    {
        await OnboardAsync(discreet: true);

        // member: HELP / bot: the neutral line, with the real frequency and how to stop
        var help = Assert.Single(await _host.Texts(Member, "HELP"));
        AssertNeutral(help);
        Assert.Contains("a short daily message and one reminder", help);
        Assert.Contains("STOP", help);
        AssertNeutral(Assert.Single(await _host.Texts(Member, "MENU")));
    }

    [Fact]
    public async Task After_her_code_word_help_and_menu_give_nothing_away()
    {
        await OnboardAsync(discreet: false);
        Assert.Contains("women in recovery", Assert.Single(await _host.Texts(Member, "HELP")));

        await _host.Texts(Member, "SAFE");

        AssertNeutral(Assert.Single(await _host.Texts(Member, "HELP")));
        AssertNeutral(Assert.Single(await _host.Texts(Member, "MENU")));
    }

    [Fact]
    public async Task A_member_who_declined_can_still_ask_for_a_peer_and_a_coping_idea()
    {
        await _host.AddVolunteerAsync("Ana", "+15557770001");
        foreach (var text in new[] { "hi", "1", "2" }) await _host.Texts(Member, text);

        Assert.Equal([SafetyLine.Text("common.peer_requested")], await _host.Texts(Member, "PEER"));
        Assert.Contains("CLAIM", _host.Outbox!.To("+15557770001")[^1].Body);
        Assert.NotNull(await _host.Get<EscalationStore>().MemberOpenCodeAsync(_host.MemberKey(Member), default));

        var cope = await _host.Texts(Member, "COPE");
        Assert.DoesNotContain(cope, t => t.Contains("join", StringComparison.OrdinalIgnoreCase));
    }
}
