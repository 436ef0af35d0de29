using BotService.Members;
using BotService.Messaging;
using BotService.Turns;

namespace BotService.Tests.Support;

/// <summary>A member's phone: send a text, read what the bot says back.</summary>
public sealed class Phone(BotTestHost host, string number)
{
    private int _sequence;
    public string Number { get; } = number;

    public string MemberKey => host.MemberKey(Number);

    public async Task<string> Sends(string text)
    {
        var message = new InboundMessage(ChannelNames.Sms, Number, text, $"SM{Guid.NewGuid():N}{Interlocked.Increment(ref _sequence)}", host.Now);
        var reply = await host.Get<ITurnHandler>().HandleTurnAsync(message, CancellationToken.None);
        return string.Join("\n", reply.Messages);
    }

    public Task<MemberProfile?> Profile() => host.Get<MemberRepository>().GetAsync(MemberKey, CancellationToken.None);

    /// <summary>English onboarding with defaults: 9am, suggested zone, discreet off, code word SAFE.</summary>
    public async Task OnboardsAsync(string language = "1", string discreet = "2")
    {
        await Sends("hi");
        await Sends(language);
        await Sends("1");
        await Sends("9am");
        await Sends("1");
        await Sends(discreet);
        await Sends("SKIP");
    }
}
