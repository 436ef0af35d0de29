using BotService.Safety.CrisisDetection;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Who has carried what: each volunteer's claimed cases over 7 and 30 days (from the cases' own event history), the
/// urgent ones, the ones taken at night, how many days in a row she has taken one, and her hours on call (from her
/// on/off-call history). A limit passed becomes a plain
/// sentence, so the coordinator checks in before a volunteer burns out.
/// </summary>
public sealed class WellbeingReport(EscalationStore store, VolunteerDirectory volunteers, OnCallHistory onCall, IOptions<ConsoleOptions> options,
    IOptions<EscalationOptions> escalation, TimeProvider time)
{
    private readonly ConsoleOptions _options = options.Value;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(escalation.Value.TimeZone);
    private readonly OperatingHours _night = OperatingHours.TryParse(options.Value.NightHours, out var n) ? n : new OperatingHours(22 * 60, 6 * 60);

    private sealed record Taken(string VolunteerId, DateTimeOffset At, bool Urgent);

    public async Task<IReadOnlyList<VolunteerWellbeing>> BuildAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var since = now.AddDays(-30);
        var taken = new List<Taken>();
        foreach (var record in await store.AllAsync(ct))
        {
            if ((record.ClosedAt ?? now) < since) continue;
            var urgent = !record.PeerRequest && record.Severity >= CrisisSeverity.High;
            foreach (var e in await store.EventsAsync(record.Code, ct))
                if (e is { Kind: EscalationEventKind.Claimed, VolunteerId: { } id } && e.At >= since) taken.Add(new Taken(id, e.At, urgent));
        }
        var list = new List<VolunteerWellbeing>();
        foreach (var v in (await volunteers.AllAsync(ct)).OrderBy(v => v.Name, StringComparer.CurrentCultureIgnoreCase))
        {
            var hers = taken.Where(t => t.VolunteerId == v.Id).ToList();
            var changes = await onCall.SinceAsync(v.Id, since, now, ct);
            var week = Window(hers, changes, now, 7);
            var month = Window(hers, changes, now, 30);
            list.Add(new VolunteerWellbeing(v.Id, v.Name, v.OnCall, v.ActiveCaseCount, week, month, Flags(v.Name, week)));
        }
        return list;
    }

    private WellbeingWindow Window(List<Taken> hers, IReadOnlyList<OnCallChange> changes, DateTimeOffset now, int days)
    {
        var inWindow = hers.Where(t => t.At >= now.AddDays(-days)).ToList();
        var localDays = inWindow.Select(t => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(t.At, _zone).DateTime)).ToHashSet();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _zone).DateTime);
        // Ending today or yesterday: a run she is still on, not one that ended last week.
        var day = localDays.Contains(today) ? today : today.AddDays(-1);
        var run = 0;
        while (localDays.Contains(day)) { run++; day = day.AddDays(-1); }
        return new WellbeingWindow(inWindow.Count, inWindow.Count(t => t.Urgent), inWindow.Count(t => _night.Contains(t.At, _zone)), run,
            OnCallHistory.Hours(changes, now.AddDays(-days), now));
    }

    private List<string> Flags(string name, WellbeingWindow week)
    {
        var flags = new List<string>();
        if (week.Urgent >= _options.UrgentCasesPerWeek) flags.Add($"{name}: {week.Urgent} urgent cases this week, consider a check-in.");
        if (week.Night >= _options.NightCasesPerWeek) flags.Add($"{name}: {week.Night} cases at night this week, consider a check-in.");
        if (week.Cases >= _options.CasesPerWeek) flags.Add($"{name}: {week.Cases} cases this week, consider a check-in.");
        if (week.DaysInARow >= _options.DaysInARow) flags.Add($"{name}: cases {week.DaysInARow} days in a row, consider a day off.");
        if (week.HoursOnCall >= _options.OnCallHoursPerWeek) flags.Add($"{name}: {HoursText(week.HoursOnCall)} on call this week, consider a day off.");
        return flags;
    }

    /// <summary>"12 h", or "&lt;1 h": whole hours, rounded down, are enough to see who carries too much.</summary>
    public static string HoursText(double hours) => hours < 1 ? "<1 h" : $"{(int)hours} h";
}
