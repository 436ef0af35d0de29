using System.Text.Json;
using System.Text.Json.Serialization;

namespace BotService.Channels.BotFramework;

public sealed class SuggestedActions
{
    public List<CardAction> Actions { get; set; } = [];
}
