using BotService.Messaging;
using BotService.Storage;

namespace BotService.Members;

/// <summary>
/// The send-time rules for anything addressed to a member: never after STOP, never while her code word holds, and
/// nothing routine in her quiet hours. Crisis and live-case traffic (a page's answer, her volunteer's texts) is exempt
/// from quiet hours only: a woman who texted at 2 a.m. is waiting for the reply.
/// </summary>
public sealed class MemberSendGate(ITableStore store, IEnumerable<IOptOutLookup> optOuts, QuietHoursPolicy quietHours, TimeProvider time)
    : IMemberSendGate
{
    private static readonly TimeSpan QuietStep = TimeSpan.FromMinutes(5);
    private readonly ITable<MemberProfile> _profiles = store.GetTable<MemberProfile>(MemberProfile.TableName);

    public async Task<SendGateDecision> CheckAsync(string memberKey, MessagePriority priority, CancellationToken cancellationToken)
    {
        foreach (var lookup in optOuts)
            if (await lookup.IsOptedOutAsync(memberKey, cancellationToken))
                return new SendGateDecision(SendGateVerdict.Withhold, Reason: "member opted out");
        var profile = await _profiles.GetAsync(memberKey, MemberProfile.ProfileRowKey, cancellationToken);
        var now = time.GetUtcNow();
        if (profile?.SilencedUntil is { } silenced && silenced > now)
            return new SendGateDecision(SendGateVerdict.Withhold, Reason: "member silenced by her code word");
        if (priority is MessagePriority.Normal or MessagePriority.CheckIn && profile is not null && QuietUntil(profile, now) is { } until)
            return new SendGateDecision(SendGateVerdict.Defer, until, "member quiet hours");
        return SendGateDecision.Send;
    }

    private DateTimeOffset? QuietUntil(MemberProfile profile, DateTimeOffset now)
    {
        var zone = Zone(profile.TimeZone);
        if (!IsQuiet(now)) return null;
        var candidate = now;
        // Quiet hours last at most a day; step until they end.
        for (var i = 0; i < 24 * 60 / QuietStep.TotalMinutes && IsQuiet(candidate); i++) candidate += QuietStep;
        return candidate;

        bool IsQuiet(DateTimeOffset at) => quietHours.IsQuiet(TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime), profile.QuietHours);
    }

    private static TimeZoneInfo Zone(string? id)
    {
        if (id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone)) return zone;
        // Unknown zone: the continental US's widest reading of "night" is safer than UTC.
        return TimeZoneInfo.TryFindSystemTimeZoneById("America/Chicago", out var central) ? central : TimeZoneInfo.Utc;
    }
}
