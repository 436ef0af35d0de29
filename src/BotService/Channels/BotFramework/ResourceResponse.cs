namespace BotService.Channels.BotFramework;

/// <summary>The connector's answer to a sent activity.</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}
