using Azure.Core;
using Azure.Core.Pipeline;

namespace BotService.Storage.AzureTables;

/// <summary>
/// Runs once per try (it sits after the SDK's retry policy) and counts the try on the call's
/// <see cref="RequestAttempts"/>, when the call carries one. The SDK reports the final answer only, not whether it
/// needed several tries to get it, and that is what the lost-response read-back depends on.
/// </summary>
internal sealed class AttemptCountingPolicy : HttpPipelineSynchronousPolicy
{
    public static AttemptCountingPolicy Instance { get; } = new();

    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.TryGetProperty(RequestAttempts.PropertyName, out var value) && value is RequestAttempts attempts)
            attempts.CountTry();
    }
}
