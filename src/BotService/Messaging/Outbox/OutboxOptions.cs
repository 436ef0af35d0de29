namespace BotService.Messaging.Outbox;

/// <summary>Bound from the <c>Outbox</c> section; the defaults are what production wants.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How long one provider call may take; leases and send margins are sized from it.</summary>
    public static readonly TimeSpan ProviderTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Attempts before a retryable failure becomes final. Six attempts with the default backoff span about ten minutes.</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>First retry delay; doubled per attempt, jittered by ±20 %, capped at <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a claimed message may stay in Sending. Must exceed the provider timeout by a wide margin, or a slow
    /// send would look like a crash and be sent again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The dispatcher is woken on enqueue in its own process; polling covers other instances' enqueues and due
    /// retries, so a crisis page queued on another instance waits at most this long.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Only the instance holding the dispatch lease sends, so one pace and one priority order hold across instances.
    /// If it dies, another takes over when this runs out. It renews every few seconds and stops starting sends once
    /// less than the provider timeout is left, so two holders never send at once.
    /// </summary>
    public TimeSpan DispatchLease { get; set; } = TimeSpan.FromSeconds(20);
}
