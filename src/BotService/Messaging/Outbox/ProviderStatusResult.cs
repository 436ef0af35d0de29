
namespace BotService.Messaging.Outbox;

/// <summary>What a provider status callback did to the outbox.</summary>
public enum ProviderStatusResult { UnknownSid, Ignored, Updated }
