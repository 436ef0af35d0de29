using BotService.Storage;

namespace BotService.Scheduling;

/// <summary>What a due-index entry asks the scheduler to do.</summary>
public enum CheckInStep { Prompt, Reminder }

/// <summary>
/// Table <c>checkinindex</c>, PartitionKey = UTC minute bucket "yyyyMMddHHmm", RowKey = member key: "look at this member
/// at this minute". The member's <see cref="CheckInPointerRow"/> says what is due; a row the pointer no longer names is
/// stale and is deleted when read.
/// </summary>
public sealed class CheckInIndexRow : TableEntityBase
{
    public const string TableName = "checkinindex";
    public DateTimeOffset DueAt { get; set; }
}

/// <summary>
/// Same table, PartitionKey = "member-{memberKey}", RowKey = "next": the one index entry that is current for her, so a
/// change of time, zone or pause can remove the old bucket row without a scan.
/// </summary>
public sealed class CheckInPointerRow : TableEntityBase
{
    public const string RowKeyValue = "next";
    public static string PartitionFor(string memberKey) => "member-" + memberKey;

    public string MemberKey { get; set; } = "";
    /// <summary>Bucket of the current index row; null when nothing is scheduled (inactive, no time chosen).</summary>
    public string? Bucket { get; set; }
    public CheckInStep Step { get; set; }
    /// <summary>Her local date the due step belongs to (yyyy-MM-dd).</summary>
    public string? LocalDate { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>The schedule-relevant profile fields this entry was computed from; an unchanged profile is a no-op.</summary>
    public string? Signature { get; set; }
    /// <summary>Local date of the last prompt handed to the outbox: the previous link of her missed-check-in chain.</summary>
    public string? LastPromptDate { get; set; }
}

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

/// <summary>
/// Table <c>checkinledgerdates</c>, PartitionKey = ledger date "yyyy-MM-dd", RowKey = member key: which members have a
/// ledger row for a day, so retention can find old rows without a scan over every member. Written before the ledger
/// row it names; one without a ledger row is harmless.
/// </summary>
public sealed class CheckInLedgerDateRow : TableEntityBase
{
    public const string TableName = "checkinledgerdates";
}

/// <summary>Table <c>leases</c>: one row per singleton job. The holder renews it with ETag-guarded writes; the scheduler's
/// cursor (last fully processed bucket) lives in it so only the holder can advance it.</summary>
public sealed class LeaseRow : TableEntityBase
{
    public const string TableName = "leases";
    public const string PartitionKeyValue = "lease";

    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset AcquiredAt { get; set; }
    /// <summary>Last bucket whose every row was processed.</summary>
    public string? Cursor { get; set; }
}
