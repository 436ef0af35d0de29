using BotService.Messaging;
using BotService.Storage;

namespace BotService.Members;

/// <summary>
/// A member's minimal profile. Table <c>members</c>, PartitionKey = member key (keyed hash of her number or channel
/// id), RowKey = "profile". Her address is kept only encrypted; no name, no history of what she wrote.
/// Since layout 1 the row also holds what every turn reads (her opt-out, her dialog state, whether she may have a
/// case), so an ordinary turn reads one row and writes it back once, ETag-guarded. Anyone who texted has a row; one
/// who never finished onboarding has a bare one (status Onboarding, no address).
/// </summary>
public sealed class MemberProfile : TableEntityBase
{
    public const string TableName = "members";
    public const string ProfileRowKey = "profile";

    /// <summary>0: written before the fold (opt-out in <c>optouts</c>, dialog state in <c>dialogstate</c>, no case
    /// flag). 1: those live in this row. See <see cref="MemberRepository.LoadAsync"/>.</summary>
    public const int CurrentLayout = 1;

    public string MemberKey { get => PartitionKey; set => PartitionKey = value; }
    public string Channel { get; set; } = ChannelNames.Sms;
    /// <summary>E.164 number or channel user id, encrypted with FieldEncryptor.</summary>
    public string? EncryptedAddress { get; set; }
    public MemberStatus Status { get; set; } = MemberStatus.Onboarding;
    public string Language { get; set; } = "en";
    /// <summary>IANA zone id, e.g. America/Chicago.</summary>
    public string? TimeZone { get; set; }
    /// <summary>Local check-in time as minutes after midnight; null until she chooses one.</summary>
    public int? CheckInMinuteOfDay { get; set; }
    public bool Discreet { get; set; }
    /// <summary>Keyed hash of her normalized code word (purpose "codeword"); null means the default word SAFE.</summary>
    public string? CodeWordHash { get; set; }
    public DateTimeOffset? ConsentedAt { get; set; }
    public DateTimeOffset? PausedUntil { get; set; }
    /// <summary>Set by the code word: no proactive message until then.</summary>
    public DateTimeOffset? SilencedUntil { get; set; }
    /// <summary>Per-member quiet hours ("21:00-08:00"), within the legal window; null uses CheckIns:QuietHours.</summary>
    public string? QuietHours { get; set; }

    public int CheckInStreak { get; set; }
    /// <summary>Local date (yyyy-MM-dd) of her last answered check-in.</summary>
    public string? LastCheckInDate { get; set; }
    public int ConsecutiveRedFlags { get; set; }
    public int MissedCheckIns { get; set; }

    /// <summary>See <see cref="CurrentLayout"/>. Absent (0) on rows written before the fold.</summary>
    public int RowLayout { get; set; }
    /// <summary>She texted STOP (or the carrier reported it); null when she may be texted. Kept through erasure.</summary>
    public DateTimeOffset? OptedOutAt { get; set; }
    /// <summary>Her dialog stack between turns (JSON of positions, choices and hashes, never her words in clear).</summary>
    public string? DialogState { get; set; }
    /// <summary>When a case slot was taken for her: while set, a turn looks up the escalation index (relay, code word);
    /// while null it need not. Set before the slot is taken, cleared by a turn that finds no case open.</summary>
    public DateTimeOffset? CaseFlaggedAt { get; set; }

    public TimeOnly? CheckInTime => CheckInMinuteOfDay is int m ? new TimeOnly(m / 60, m % 60) : null;

    /// <summary>True when proactive messages (check-ins, reminders) may be sent now. Opt-out is checked apart
    /// (<see cref="OptedOutAt"/>, or the old <c>optouts</c> table for a row of layout 0).</summary>
    public bool AcceptsProactiveMessages(DateTimeOffset now) =>
        Status == MemberStatus.Active
        && (PausedUntil is null || PausedUntil <= now)
        && (SilencedUntil is null || SilencedUntil <= now);

    public static MemberProfile New(string memberKey, string channel) =>
        new() { PartitionKey = memberKey, RowKey = ProfileRowKey, Channel = channel, RowLayout = CurrentLayout };

    /// <summary>A copy to keep between turns: the turn changes its own object, and a lost commit must not leak into the copy.</summary>
    public MemberProfile Copy() => (MemberProfile)MemberwiseClone();
}
