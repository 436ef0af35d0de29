namespace BotService.CheckIns;

/// <summary>What one tick did (for tests, the benchmark and the summary log line).</summary>
/// <remarks><see cref="BucketsRead"/> counts the minutes the tick covered; <see cref="Queries"/> the index pages it read
/// to do so (one range query per shard and UTC day, not one per minute).</remarks>
public sealed record CheckInTickResult(bool Leader, int BucketsRead, int Prompts, int Reminders, int SilenceMessages, int Skipped, int Stale, int Failed)
{
    /// <summary>Index pages read.</summary>
    public int Queries { get; init; }
    /// <summary>Messages moved to a later minute because the senders were full.</summary>
    public int Deferred { get; init; }
    /// <summary>Messages sent beyond the senders' capacity because a later minute was in her quiet hours.</summary>
    public int SentOverCapacity { get; init; }

    public static readonly CheckInTickResult NotLeader = new(false, 0, 0, 0, 0, 0, 0, 0);
}
