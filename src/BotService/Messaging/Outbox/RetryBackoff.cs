namespace BotService.Messaging.Outbox;

/// <summary>Exponential backoff with ±20 % jitter, so messages failed by one provider outage do not all return at once.</summary>
public static class RetryBackoff
{
    /// <summary>Delay before attempt <paramref name="attemptsSoFar"/> + 1. A provider's Retry-After is a floor, not a replacement.</summary>
    public static TimeSpan Next(OutboxOptions options, int attemptsSoFar, TimeSpan? retryAfter, Random random)
    {
        var exponent = Math.Clamp(attemptsSoFar - 1, 0, 20);
        var baseDelay = Math.Min(options.InitialRetryDelay.TotalSeconds * Math.Pow(2, exponent), options.MaxRetryDelay.TotalSeconds);
        var jittered = baseDelay * (0.8 + 0.4 * random.NextDouble());
        var delay = TimeSpan.FromSeconds(jittered);
        if (retryAfter is { } floor && floor > delay) delay = floor < options.MaxRetryDelay ? floor : options.MaxRetryDelay;
        return delay;
    }
}
