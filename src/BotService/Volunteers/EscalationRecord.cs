using BotService.Messaging;
using BotService.Safety.CrisisDetection;
using BotService.Storage;

namespace BotService.Volunteers;

/// <summary>
/// One escalation. Table <c>escalations</c>, one partition (so the admin list is a partition read, not a scan;
/// volume is a handful a day), RowKey = the code. Claims are conditional replaces on this row's ETag.
/// Her address and the message that raised the flag are kept only encrypted, and both are wiped on close.
/// </summary>
public sealed class EscalationRecord : TableEntityBase
{
    public const string TableName = "escalations";
    public const string Partition = "escalation";

    public string Code { get => RowKey; set => RowKey = value; }
    public CrisisSeverity Severity { get; set; }
    public CrisisCategory Category { get; set; }
    /// <summary>Non-crisis peer requests (she asked, red-flag check-ins) are paged with lower urgency.</summary>
    public bool PeerRequest { get; set; }
    public string MemberKey { get; set; } = "";
    public string Channel { get; set; } = ChannelNames.Sms;
    public string? EncryptedAddress { get; set; }
    public string Language { get; set; } = "en";
    public EscalationStatus Status { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    public DateTimeOffset? FirstPagedAt { get; set; }
    public DateTimeOffset? LastPagedAt { get; set; }
    public DateTimeOffset? FirstClaimedAt { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public DateTimeOffset? LastVolunteerTextAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public int PageCount { get; set; }
    public bool CoordinatorPaged { get; set; }
    public EscalationOutcome Outcome { get; set; }
    /// <summary>Her code word or STOP: nothing is relayed either way until then (the coordinator still has the case).</summary>
    public DateTimeOffset? MemberQuietUntil { get; set; }
    /// <summary>Why the coordinator closed or dismissed it (admin API); our own words, never hers.</summary>
    public string? CloseReason { get; set; }
    /// <summary>Encrypted; only while not closed. The message that opened the case (a later one never replaces it). Never log.</summary>
    public string? EncryptedText { get; set; }
    /// <summary>Next event sequence number (events are ordered per escalation).</summary>
    public int EventCount { get; set; }
}
