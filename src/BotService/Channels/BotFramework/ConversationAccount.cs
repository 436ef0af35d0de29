namespace BotService.Channels.BotFramework;

public sealed class ConversationAccount
{
    public string? Id { get; set; }
    public bool? IsGroup { get; set; }
    public string? ConversationType { get; set; }
    public string? TenantId { get; set; }
}
