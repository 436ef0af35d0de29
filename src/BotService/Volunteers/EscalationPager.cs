using BotService.Content;
using BotService.Messaging;
using BotService.Safety.CrisisDetection;
using Microsoft.Extensions.Options;

namespace BotService.Volunteers;

/// <summary>
/// Sends pages. A page says how urgent, the code and how to claim: never her number, name or words, because a page
/// reaches every on-call phone and most of those volunteers will never hold her case.
/// </summary>
public sealed partial class EscalationPager(
    VolunteerDirectory volunteers,
    EscalationStore store,
    IOutbox outbox,
    ContentCatalog content,
    IOptions<EscalationOptions> options,
    LineSettingsStore settings,
    TimeProvider time,
    ILogger<EscalationPager> logger)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>Inside the line's operating hours (the coordinator may change them while it runs).</summary>
    public async Task<bool> InOperatingHoursAsync(DateTimeOffset now, CancellationToken ct) =>
        (await settings.CurrentAsync(ct)).Hours.Contains(now, _zone);

    /// <summary>True when a page now would reach someone.</summary>
    public async Task<bool> AnyoneAvailableAsync(CancellationToken ct) =>
        await InOperatingHoursAsync(time.GetUtcNow(), ct) && (await volunteers.AllAsync(ct)).Any(Pageable);

    /// <summary>On call and not opted out: a page to anyone else never arrives, and must not count as "a peer is being asked".</summary>
    public static bool Pageable(Volunteer v) => v.OnCall && !v.OptedOut;

    /// <summary>Groups one volunteer's queued pages, so going off call withdraws them.</summary>
    public static string PageTag(string volunteerId) => "page:" + volunteerId;

    /// <summary>The order cases are offered in: most severe first, then whoever has waited longest. Written on the
    /// severity enum's order, so a new level slots in where it is declared.</summary>
    public static IReadOnlyList<EscalationRecord> ByUrgency(IEnumerable<EscalationRecord> records) =>
        [.. records.OrderByDescending(r => r.PeerRequest ? CrisisSeverity.None : r.Severity).ThenBy(r => r.OpenedAt).ThenBy(r => r.Code, StringComparer.Ordinal)];

    /// <summary>One line for many waiting cases ("3 waiting: 1 urgent. Reply CLAIM K7F2 or STATUS"), naming the most urgent.</summary>
    public string Summary(string language, IReadOnlyList<EscalationRecord> waiting)
    {
        var ordered = ByUrgency(waiting);
        return content.Text(language, "escalation.summary", ("count", ordered.Count),
            ("urgent", ordered.Count(r => !r.PeerRequest && r.Severity >= CrisisSeverity.Imminent)), ("code", ordered[0].Code));
    }

    /// <summary>Imminent pages leave ahead of every other message, whatever backlog of pages or check-ins there is.</summary>
    public static MessagePriority PriorityOf(EscalationRecord record) =>
        !record.PeerRequest && record.Severity >= CrisisSeverity.Imminent ? MessagePriority.Imminent : MessagePriority.Crisis;

    /// <summary>
    /// Pages on-call volunteers about <paramref name="record"/>: those who speak her language when
    /// <paramref name="matchLanguage"/> (falling back to everyone on call), or only <paramref name="only"/>.
    /// Returns how many were paged; 0 outside operating hours or with nobody on call.
    /// </summary>
    public async Task<int> PageAsync(EscalationRecord record, bool matchLanguage, EscalationEventKind kind, CancellationToken ct, Volunteer? only = null)
    {
        var now = time.GetUtcNow();
        if (!await InOperatingHoursAsync(now, ct)) return 0;
        var onCall = only is not null ? [only] : (await volunteers.AllAsync(ct)).Where(Pageable).ToList();
        if (matchLanguage)
        {
            var speakers = onCall.Where(v => v.LanguageList.Contains(record.Language, StringComparer.OrdinalIgnoreCase)).ToList();
            if (speakers.Count > 0) onCall = speakers;
        }
        if (onCall.Count == 0) return 0;

        var pageNumber = record.PageCount + 1;
        var key = record.PeerRequest ? "escalation.page_peer" : kind == EscalationEventKind.Repaged ? "escalation.repage" : "escalation.page";
        var minutes = (int)(now - record.OpenedAt).TotalMinutes;
        foreach (var volunteer in onCall)
        {
            if (!TryPhoneOf(volunteer, out var phone)) continue;
            var language = volunteer.PreferredLanguage;
            var body = content.Text(language, key,
                ("severity", SeverityLabel(language, record.Severity)), ("code", record.Code), ("minutes", minutes));
            // Same page number + volunteer = same message: two pagers racing on one escalation send one page each.
            await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, phone, body, PriorityOf(record),
                $"esc-page:{record.Code}:{pageNumber}:{volunteer.Id}") { CancelTag = PageTag(volunteer.Id) }, ct);
        }
        await MarkPagedAsync(record, pageNumber, now, ct);
        await store.AddEventAsync(record.Code, kind, now, only?.Id, $"page {pageNumber} to {onCall.Count}", ct);
        LogPaged(logger, record.Code, pageNumber, onCall.Count);
        return onCall.Count;
    }

    /// <summary>
    /// A volunteer registered under a key this instance lacks must not stop everyone else being paged: she is skipped
    /// and logged by id.
    /// </summary>
    private bool TryPhoneOf(Volunteer volunteer, out string phone)
    {
        try
        {
            phone = volunteers.PhoneOf(volunteer);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            LogUnreadableVolunteer(logger, volunteer.Id);
            phone = "";
            return false;
        }
    }

    /// <summary>
    /// The timer's re-page: every on-call volunteer gets at most one text however many cases are due (the case's own
    /// re-page when one is due, a summary naming the most urgent when several are), and each due case counts one re-page.
    /// Returns how many volunteers were texted.
    /// </summary>
    public async Task<int> RepageAsync(IReadOnlyList<EscalationRecord> due, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (due.Count == 0 || !await InOperatingHoursAsync(now, ct)) return 0;
        var onCall = (await volunteers.AllAsync(ct)).Where(Pageable).ToList();
        if (onCall.Count == 0) return 0;
        var ordered = ByUrgency(due);
        var top = ordered[0];
        var priority = ordered.Any(r => PriorityOf(r) == MessagePriority.Imminent) ? MessagePriority.Imminent : MessagePriority.Crisis;
        var minutes = (int)(now - top.OpenedAt).TotalMinutes;
        var sent = 0;
        foreach (var volunteer in onCall)
        {
            if (!TryPhoneOf(volunteer, out var phone)) continue;
            var language = volunteer.PreferredLanguage;
            var body = ordered.Count == 1
                ? content.Text(language, top.PeerRequest ? "escalation.page_peer" : "escalation.repage",
                    ("severity", SeverityLabel(language, top.Severity)), ("code", top.Code), ("minutes", minutes))
                : Summary(language, ordered);
            await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, phone, body, priority,
                $"esc-repage:{now.UtcTicks}:{top.Code}:{volunteer.Id}") { CancelTag = PageTag(volunteer.Id) }, ct);
            sent++;
        }
        foreach (var record in ordered)
        {
            var pageNumber = record.PageCount + 1;
            await MarkPagedAsync(record, pageNumber, now, ct);
            await store.AddEventAsync(record.Code, ordered.Count == 1 ? EscalationEventKind.Repaged : EscalationEventKind.Summarized, now, null,
                $"page {pageNumber} to {sent}", ct);
        }
        LogRepaged(logger, ordered.Count, sent);
        return sent;
    }

    /// <summary>A volunteer's ON summary told her about cases nobody had been paged for yet: they count as paged now.</summary>
    public async Task MarkSummarizedAsync(IEnumerable<EscalationRecord> records, string volunteerId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        foreach (var record in records.Where(r => r.FirstPagedAt is null))
        {
            await MarkPagedAsync(record, record.PageCount + 1, now, ct);
            await store.AddEventAsync(record.Code, EscalationEventKind.Summarized, now, volunteerId, "on-call summary", ct);
        }
    }

    private async Task MarkPagedAsync(EscalationRecord record, int pageNumber, DateTimeOffset now, CancellationToken ct)
    {
        await store.UpdateAsync(record.Code, r =>
        {
            r.PageCount = Math.Max(r.PageCount, pageNumber);
            r.FirstPagedAt ??= now;
            r.LastPagedAt = now;
            return true;
        }, ct);
        record.PageCount = pageNumber;
        if (record.FirstPagedAt is null) EscalationInstruments.RecordSince(EscalationInstruments.TimeToPage, record, now);
        record.FirstPagedAt ??= now;
        record.LastPagedAt = now;
    }

    /// <summary>True when a coordinator's number is set (host setting, or changed in the console).</summary>
    public async Task<bool> HasCoordinatorAsync(CancellationToken ct) => (await settings.CurrentAsync(ct)).CoordinatorPhone is not null;

    /// <summary>Pages the coordinator (see <see cref="LineSettingsStore"/>). False when no number is set.</summary>
    public async Task<bool> PageCoordinatorAsync(EscalationRecord record, CancellationToken ct)
    {
        if ((await settings.CurrentAsync(ct)).CoordinatorPhone is not { } coordinator) return false;
        var now = time.GetUtcNow();
        var body = content.Text("en", "escalation.coordinator_page",
            ("severity", SeverityLabel("en", record.Severity)), ("code", record.Code), ("minutes", (int)(now - record.OpenedAt).TotalMinutes));
        await outbox.EnqueueAsync(new OutboundMessage(ChannelNames.Sms, coordinator, body, PriorityOf(record),
            $"esc-coordinator:{record.Code}"), ct);
        await store.AddEventAsync(record.Code, EscalationEventKind.CoordinatorPaged, now, null, null, ct);
        LogCoordinator(logger, record.Code);
        return true;
    }

    public string SeverityLabel(string language, CrisisSeverity severity) => content.Text(language, severity switch
    {
        CrisisSeverity.Imminent => "escalation.severity_imminent",
        CrisisSeverity.High => "escalation.severity_high",
        _ => "escalation.severity_support",
    });

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Escalation {Code}: page {PageNumber} sent to {Count} volunteer(s)")]
    private static partial void LogPaged(ILogger logger, string code, int pageNumber, int count);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Re-page: {Cases} case(s) due, {Count} volunteer(s) texted once each")]
    private static partial void LogRepaged(ILogger logger, int cases, int count);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Escalation {Code}: coordinator paged")]
    private static partial void LogCoordinator(ILogger logger, string code);

    [LoggerMessage(EventId = 5140, Level = LogLevel.Error, Message = "Volunteer {VolunteerId} cannot be paged: her number was encrypted with a key this instance does not have (Privacy:PreviousEncryptionKeys)")]
    private static partial void LogUnreadableVolunteer(ILogger logger, string volunteerId);
}
