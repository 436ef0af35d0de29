using BotService.Storage;

namespace BotService.CheckIns;

/// <summary>
/// Table <c>checkinledger</c>, PartitionKey = member key, RowKey = her local date "yyyy-MM-dd". Inserting the row claims
/// that day's prompt: a second insert fails, so a day is prompted at most once however often it is retried.
/// </summary>
public sealed class CheckInLedgerRow : TableEntityBase
{
    public const string TableName = "checkinledger";
    public const string KindPrompt = "prompt";
    public const string KindSilence = "silence";

    /// <summary>When the scheduler claimed the day (the insert).</summary>
    public DateTimeOffset ClaimedAt { get; set; }
    /// <summary>"prompt", or "silence" when the day's message was the gentle we-miss-you message.</summary>
    public string Kind { get; set; } = KindPrompt;
    /// <summary>When the message was durably in the outbox; null = claimed but not (yet) handed over.</summary>
    public DateTimeOffset? PromptSentAt { get; set; }
    /// <summary>Claimed but given up (quiet hours had begun or she stopped accepting messages before the retry).</summary>
    public DateTimeOffset? AbandonedAt { get; set; }
    public DateTimeOffset? ReminderSentAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public DateTimeOffset? SilenceOutreachSentAt { get; set; }
    public DateTimeOffset? OutreachRequestedAt { get; set; }
    /// <summary>Unanswered prompts in a row before this day (her missed streak as of this prompt).</summary>
    public int MissedBefore { get; set; }

    public bool Prompted => PromptSentAt is not null;
    public bool Open => Prompted && AnsweredAt is null;
}
