
namespace BotService.Channels.BotFramework;

/// <summary>A decrypted conversation reference. Never log it.</summary>
public sealed record ConversationReference(string ChannelId, Uri ServiceUrl, string ConversationId, string BotId, string UserId, bool Unauthenticated);
