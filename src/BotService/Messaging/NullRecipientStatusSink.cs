namespace BotService.Messaging;

/// <summary>Registered until the opt-out layer provides the real sink.</summary>
internal sealed class NullRecipientStatusSink : IRecipientStatusSink
{
    public Task RecipientOptedOutAsync(string channel, string recipientAddress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RecipientUnreachableAsync(string channel, string recipientAddress, string? errorCode, CancellationToken cancellationToken) => Task.CompletedTask;
}
