using BotService.Channels.BotFramework;

namespace BotService.Tests.Channels.BotFramework;

public class ParsingTests
{
    [Fact]
    public void Numbered_lines_become_imBack_actions_with_the_number_as_value()
    {
        var actions = SuggestedActionsParser.Parse("When should I check in?\n1 Morning\n2) Afternoon\r\n3. Evening\nReply with a number.");

        Assert.NotNull(actions);
        Assert.Equal(["Morning", "Afternoon", "Evening"], actions.Actions.Select(a => a.Title));
        Assert.Equal(["1", "2", "3"], actions.Actions.Select(a => a.Value));
        Assert.All(actions.Actions, a => Assert.Equal("imBack", a.Type));
    }

    [Theory]
    [InlineData("Call or text 988 now.")]
    [InlineData("1 thing at a time.")]
    [InlineData("2 Afternoon\n3 Evening")]
    [InlineData("")]
    public void Text_without_a_list_gets_no_actions(string text) => Assert.Null(SuggestedActionsParser.Parse(text));

    [Fact]
    public void Only_the_last_list_counts()
    {
        var actions = SuggestedActionsParser.Parse("1 Old\n2 List\nNow pick:\n1 Yes\n2 No");
        Assert.Equal(["Yes", "No"], actions!.Actions.Select(a => a.Title));
    }

    [Fact]
    public void Recipient_addresses_parse_to_member_keys()
    {
        var key = new string('a', 60) + "0f19";
        static string Hash(string address) => "hashed:" + address;

        Assert.Equal(new BotFrameworkAddress(key, null), BotFrameworkAddress.Parse(key, Hash));
        Assert.Equal(new BotFrameworkAddress(key, "act|0001"), BotFrameworkAddress.Parse(key + "|act|0001", Hash));
        Assert.Equal(new BotFrameworkAddress("hashed:msteams:29:abc", null), BotFrameworkAddress.Parse("msteams:29:abc", Hash));
        Assert.Equal(key + "|x", new BotFrameworkAddress(key, "x").ToString());
    }
}
