namespace BotService.Dialogs;

public sealed class ChannelAccount
{
    public ChannelAccount()
    {
    }

    public ChannelAccount(string id, string? name = null)
    {
        Id = id;
        Name = name;
    }

    public string Id { get; set; } = "";
    public string? Name { get; set; }
}
