using System.Globalization;

namespace BotService.Members;

/// <summary>
/// One turn as the dialogs see it: who (by key), her profile, the clock, and the writes to make once the turn commits.
/// Dialogs queue their writes as <see cref="Effects"/>: the pipeline saves her row first (ETag-guarded) and only then
/// runs them, so a turn that lost a race is re-run without having written them. The one write a dialog makes itself
/// is idempotent and decides a change to her row (the check-in ledger's answer), so it must come before that save.
/// </summary>
public sealed class FlowContext(FlowServices services, string memberKey, string channel, string address, DateTimeOffset now)
{
    public FlowServices Services { get; } = services;
    public string MemberKey { get; } = memberKey;
    public string Channel { get; } = channel;
    /// <summary>Her address in clear, in memory for this turn only (encrypted before it is stored).</summary>
    public string Address { get; } = address;
    public DateTimeOffset Now { get; } = now;
    public MemberProfile? Profile { get; set; }
    public string Language { get; set; } = "en";
    public bool ProfileChanged { get; set; }
    /// <summary>Delete everything about her (erase, or no consent) instead of saving.</summary>
    public bool EraseAll { get; set; }
    public List<Func<CancellationToken, Task>> Effects { get; } = [];

    public bool Discreet => Profile?.Discreet == true;

    /// <summary>Discreet mode, or her code word still holds: whoever reads the screen must learn nothing from it.</summary>
    public bool Neutral => Discreet || Profile?.SilencedUntil > Now;

    /// <summary>Her words: the discreet variant of a message when she asked for discretion and one exists.</summary>
    public string T(string key, params (string Name, object? Value)[] values)
    {
        if (Neutral && Services.Content.Contains(Language, key + "_discreet")) key += "_discreet";
        return Services.Content.Text(Language, key, values);
    }

    public string FormatTime(TimeOnly time) => Language == "es"
        ? time.ToString("H:mm", CultureInfo.InvariantCulture)
        : time.ToString("h:mm tt", CultureInfo.InvariantCulture);

    public TimeZoneInfo? Zone => Profile?.TimeZone is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null;

    public DateOnly LocalToday => DateOnly.FromDateTime(Zone is { } z ? TimeZoneInfo.ConvertTime(Now, z).DateTime : Now.UtcDateTime);

    public void MarkProfileChanged() => ProfileChanged = true;
}
