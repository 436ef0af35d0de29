using BotService.Messaging;

namespace BotService.Bench;

/// <summary>The benchmarks measure sending; what a provider says about a recipient is not part of it.</summary>
internal sealed class IgnoredRecipientStatus : IRecipientStatusSink
{
    public Task RecipientOptedOutAsync(string channel, string recipientAddress, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RecipientUnreachableAsync(string channel, string recipientAddress, string? errorCode, CancellationToken cancellationToken) => Task.CompletedTask;
}
