namespace BotService.Retention;

/// <summary>
/// Section <c>Retention</c>: how long rows that still link to a person (an encrypted number, a member key, a provider
/// SID) are kept once they are no longer needed, and how often the purge runs. Bound once and validated at start.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Outbox messages in a final state (sent, delivered, failed, undelivered, withheld), and dedupe markers,
    /// are deleted this many days after their last change. Queued and leased messages are never touched.</summary>
    public int OutboxDays { get; set; } = 30;

    /// <summary>Provider-SID index rows (status callbacks find a message by them) are deleted this many days after the send.</summary>
    public int SidIndexDays { get; set; } = 30;

    /// <summary>Check-in ledger rows are deleted once their date is this many days in the past.</summary>
    public int LedgerDays { get; set; } = 90;

    /// <summary>Answered check-ins (mood, urge, her encrypted note) are deleted this many days after their date.</summary>
    public int CheckInDays { get; set; } = 90;

    /// <summary>Closed escalations, their event history and index rows are deleted this many days after closing.</summary>
    public int ClosedEscalationDays { get; set; } = 180;

    /// <summary>Time between passes. The first pass runs one interval after start.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Most rows one pass reads per table; a larger backlog is worked off over several passes.</summary>
    public int PageLimit { get; set; } = 500;
}
