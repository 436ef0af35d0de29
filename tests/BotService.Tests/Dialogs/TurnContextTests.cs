using BotService.Dialogs;

namespace BotService.Tests.Dialogs;

public class TurnContextTests
{
    [Fact]
    public async Task Replies_are_collected_and_addressed_back_to_the_sender()
    {
        var inbound = new Activity
        {
            Type = ActivityTypes.Message,
            Id = "SM123",
            Text = "hi",
            ChannelId = "sms",
            Locale = "es",
            From = new ChannelAccount("+15550001111"),
            Recipient = new ChannelAccount("+15559990000"),
            Conversation = new ConversationAccount("+15550001111"),
        };
        var turn = new TurnContext(inbound);
        Assert.False(turn.Responded);

        await turn.SendActivityAsync("one");
        await turn.SendActivityAsync(new Activity { Text = "two", SuggestedActions = ["Sí", "No"] });

        Assert.True(turn.Responded);
        Assert.Equal(["one", "two"], turn.SentActivities.Select(a => a.Text));
        Assert.All(turn.SentActivities, reply =>
        {
            Assert.Equal("+15550001111", reply.Recipient!.Id);
            Assert.Equal("+15559990000", reply.From!.Id);
            Assert.Equal("SM123", reply.ReplyToId);
            Assert.Equal("sms", reply.ChannelId);
            Assert.Equal("es", reply.Locale);
        });
    }

    [Fact]
    public void Turn_state_is_keyed_by_type()
    {
        var state = new TurnContextStateCollection();
        Assert.Null(state.Get<MemberProfile>());
        state.Set(new MemberProfile("Ana"));
        Assert.Equal("Ana", state.Get<MemberProfile>()!.FirstName);
        Assert.True(state.TryGet<MemberProfile>(out var profile));
        Assert.Equal("Ana", profile.FirstName);
        Assert.True(state.Remove<MemberProfile>());
        Assert.False(state.TryGet<MemberProfile>(out _));
    }
}
