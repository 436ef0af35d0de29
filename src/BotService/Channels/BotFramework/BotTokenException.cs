namespace BotService.Channels.BotFramework;

/// <summary>Thrown when no app token can be had; the transport treats it as transient.</summary>
public sealed class BotTokenException(string message, Exception? inner = null) : Exception(message, inner);
