using BotService.Safety.CrisisDetection;
using BotService.Volunteers;

namespace BotService.CoordinatorConsole;

/// <summary>The live queue: every case not closed, in the order the pager offers them (severity, then age).</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The coordinator's queue of open cases as the console shows it, not a collection type.")]
public sealed class ConsoleQueue(EscalationStore store, VolunteerDirectory volunteers, TimeProvider time)
{
    public async Task<IReadOnlyList<QueueRow>> RowsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var names = (await volunteers.AllAsync(ct)).ToDictionary(v => v.Id, v => v.Name);
        return EscalationPager.ByUrgency(await store.NotClosedAsync(ct)).Select(r => new QueueRow(
            r.Code,
            SeverityName(r),
            r.Category.ToString(),
            r.Language,
            r.Status,
            now - r.OpenedAt,
            r.PageCount,
            r.ClaimedBy,
            r.ClaimedBy is { } id ? names.GetValueOrDefault(id, "(removed)") : null,
            r.Status == EscalationStatus.Claimed ? now - (r.LastVolunteerTextAt ?? r.ClaimedAt ?? r.OpenedAt) : null,
            r.CoordinatorPaged)).ToList();
    }

    public static string SeverityName(EscalationRecord r) => r.PeerRequest ? "Peer request" : r.Severity switch
    {
        CrisisSeverity.Imminent => "Imminent",
        CrisisSeverity.High => "High",
        _ => "Support",
    };

    /// <summary>"4 min", "2 h 05 min", "3 d 4 h": short enough for a phone's table cell.</summary>
    public static string Ago(TimeSpan span)
    {
        if (span < TimeSpan.Zero) span = TimeSpan.Zero;
        if (span.TotalMinutes < 1) return "<1 min";
        if (span.TotalHours < 1) return $"{(int)span.TotalMinutes} min";
        if (span.TotalDays < 1) return $"{(int)span.TotalHours} h {span.Minutes:D2} min";
        return $"{(int)span.TotalDays} d {span.Hours} h";
    }
}
