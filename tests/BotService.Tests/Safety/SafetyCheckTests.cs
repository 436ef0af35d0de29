using BotService.Content;
using BotService.Messaging;
using BotService.Safety;
using BotService.Safety.CrisisDetection;
using BotService.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotService.Tests.Safety;

public class SafetyCheckTests
{
    private static readonly ContentCatalog Content = ContentCatalog.LoadFrom(RepoPaths.Dialogs);
    private static readonly ICrisisDetector Detector = CrisisDetector.LoadFrom(RepoPaths.Dialogs);

    private sealed class ScriptedEscalation(Func<CancellationToken, Task<PeerAvailability>> behaviour) : ICrisisEscalation
    {
        public int Calls;
        public CrisisEscalationRequest? Last;

        public Task<PeerAvailability> EscalateAsync(CrisisEscalationRequest request, CancellationToken cancellationToken)
        {
            Calls++;
            Last = request;
            return behaviour(cancellationToken);
        }
    }

    private static InboundMessage Member(string text) => new(BotService.Messaging.ChannelNames.Sms, "+15551230000", text, "SM1", DateTimeOffset.UtcNow);

    private static SafetyCheck Check(ICrisisEscalation escalation) =>
        new(Detector, Content, escalation, TimeProvider.System, NullLogger<SafetyCheck>.Instance);

    [Fact]
    public async Task Member_says_she_wants_to_kill_herself_bot_replies_with_988_and_that_a_peer_is_asked()
    {
        var escalation = new ScriptedEscalation(_ => Task.FromResult(PeerAvailability.Paged));

        var reply = await Check(escalation).CheckAsync(Member("i want to kill myself tonight"), "member-1", null, default);

        Assert.NotNull(reply);
        Assert.Contains("988", reply.Messages[0]);
        Assert.Contains("911", reply.Messages[0]);
        Assert.Equal(Content.Text("en", "safety.peer_paged"), reply.Messages[1]);
        Assert.Equal(CrisisSeverity.Imminent, escalation.Last!.Assessment.Severity);
    }

    [Fact]
    public async Task Spanish_crisis_gets_the_spanish_safety_reply()
    {
        var reply = await Check(new ScriptedEscalation(_ => Task.FromResult(PeerAvailability.Paged))).CheckAsync(Member("ya no quiero vivir"), "m", null, default);

        Assert.NotNull(reply);
        Assert.Contains("988", reply.Messages[0]);
        Assert.Contains("Gracias", reply.Messages[0]);
    }

    [Theory]
    [InlineData("she took too many pills and shes not breathing", "911", "Narcan")]
    [InlineData("he's going to hurt me", "1-800-799-7233", "911")]
    [InlineData("i relapsed last night", "1-800-662-4357", "988")]
    public async Task The_reply_fits_what_is_happening(string text, string mustContain, string alsoContains)
    {
        var reply = await Check(new ScriptedEscalation(_ => Task.FromResult(PeerAvailability.Paged))).CheckAsync(Member(text), "m", "en", default);

        Assert.NotNull(reply);
        Assert.Contains(mustContain, reply.Messages[0]);
        Assert.Contains(alsoContains, reply.Messages[0]);
    }

    [Fact]
    public async Task Escalation_failing_still_sends_the_safety_reply_and_says_honestly_no_one_is_available()
    {
        var escalation = new ScriptedEscalation(_ => throw new InvalidOperationException("storage down"));

        var reply = await Check(escalation).CheckAsync(Member("I don't want to live anymore"), "m", "en", default);

        Assert.NotNull(reply);
        Assert.Contains("988", reply.Messages[0]);
        Assert.Equal(Content.Text("en", "safety.peer_unavailable"), reply.Messages[1]);
    }

    [Fact]
    public async Task Escalation_hanging_is_cut_off_within_the_budget()
    {
        var escalation = new ScriptedEscalation(async ct => { await Task.Delay(Timeout.Infinite, ct); return PeerAvailability.Paged; });

        var started = DateTime.UtcNow;
        var reply = await Check(escalation).CheckAsync(Member("I want to die"), "m", "en", default);

        Assert.NotNull(reply);
        Assert.Contains("988", reply.Messages[0]);
        Assert.Equal(Content.Text("en", "safety.peer_unavailable"), reply.Messages[1]);
        Assert.True(DateTime.UtcNow - started < SafetyCheck.EscalationBudget + TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData("3")]
    [InlineData("killing it at work today")]
    [InlineData("good morning")]
    public async Task Ordinary_messages_pass_through_without_paging(string text)
    {
        var escalation = new ScriptedEscalation(_ => Task.FromResult(PeerAvailability.Paged));

        Assert.Null(await Check(escalation).CheckAsync(Member(text), "m", "en", default));
        Assert.Equal(0, escalation.Calls);
    }
}

public class SafetyCheckDetectorFailureTests
{
    private sealed class BrokenDetector : ICrisisDetector
    {
        public CrisisAssessment Assess(string text) => throw new InvalidOperationException("detector bug");
    }

    [Fact]
    public async Task A_broken_detector_fails_toward_safety_crisis_lines_without_paging()
    {
        var content = ContentCatalog.LoadFrom(RepoPaths.Dialogs);
        var paged = 0;
        var escalation = new CountingEscalation(() => paged++);
        var check = new SafetyCheck(new BrokenDetector(), content, escalation, TimeProvider.System, NullLogger<SafetyCheck>.Instance);

        var reply = await check.CheckAsync(new InboundMessage(BotService.Messaging.ChannelNames.Sms, "+15551230000", "anything", "SM1", DateTimeOffset.UtcNow), "m", "es", default);

        Assert.NotNull(reply);
        Assert.Contains("988", reply.Messages[0]);
        Assert.Equal(content.Text("es", "safety.high"), reply.Messages[0]);
        Assert.Equal(0, paged);
    }

    private sealed class CountingEscalation(Action onCall) : ICrisisEscalation
    {
        public Task<PeerAvailability> EscalateAsync(CrisisEscalationRequest request, CancellationToken cancellationToken)
        {
            onCall();
            return Task.FromResult(PeerAvailability.Paged);
        }
    }
}
