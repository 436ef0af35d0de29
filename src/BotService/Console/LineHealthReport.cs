using System.Globalization;
using BotService.CheckIns;
using BotService.Messaging.Outbox;
using BotService.Safety.CrisisDetection;
using BotService.Storage;
using BotService.Volunteers;
using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>
/// The line's numbers for the last weeks, every one an aggregate: crises per day, time to page, claim and close by
/// week, unclaimed cases and coordinator pages, check-ins sent and answered, members active, paused and opted out, and
/// the outbox's failures and depth. Read from the same tables the
/// line writes; nothing here holds a number, a name or a word of hers.
/// </summary>
public sealed class LineHealthReport(EscalationStore escalations, ITableStore tables, MemberCounts members, IOptions<EscalationOptions> escalation, TimeProvider time)
{
    private readonly CheckInStats _checkIns = new(tables);
    public const int Days = 28;
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(escalation.Value.TimeZone);

    public async Task<IReadOnlyList<AggregateTable>> BuildAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var today = LocalDate(now);
        var first = today.AddDays(-(Days - 1));
        var records = (await escalations.AllAsync(ct)).Where(r => LocalDate(r.OpenedAt) >= first).ToList();
        var days = Enumerable.Range(0, Days).Select(first.AddDays).ToList();
        var weeks = days.Select(WeekOf).Distinct().ToList();
        var crises = records.Where(r => !r.PeerRequest).ToList();

        var severities = new[] { CrisisSeverity.Imminent, CrisisSeverity.High, CrisisSeverity.Support };
        var perDay = new AggregateTable("crises-by-day", "Crises per day, by severity", "Day", [.. severities.Select(s => s.ToString())],
            [.. days.Select(d => new AggregateRow(d.ToString("MM-dd", CultureInfo.InvariantCulture),
                [.. severities.Select(s => (double?)crises.Count(r => LocalDate(r.OpenedAt) == d && Bucket(r.Severity) == s))]))], Counts: true);

        var categories = crises.Select(r => r.Category).Distinct().Order().ToList();
        var byCategory = new AggregateTable("crises-by-category", $"Crises in the last {Days} days, by category and severity", "Category",
            [.. severities.Select(s => s.ToString())],
            [.. categories.Select(c => new AggregateRow(c.ToString(),
                [.. severities.Select(s => (double?)crises.Count(r => r.Category == c && Bucket(r.Severity) == s))]))], Counts: true);

        var timing = new List<AggregateTable>();
        foreach (var (id, title, pick) in new (string, string, Func<EscalationRecord, DateTimeOffset?>)[]
        {
            ("time-to-page", "Time to first page (minutes)", r => r.FirstPagedAt),
            ("time-to-claim", "Time to claim (minutes)", r => r.FirstClaimedAt),
            ("time-to-close", "Time to close (minutes)", r => r.ClosedAt),
        })
        {
            timing.Add(new AggregateTable(id, title + ", p50 and p90 by week", "Week of", ["p50", "p90"], [.. weeks.Select(w =>
            {
                var p = Percentiles.Of(records.Where(r => WeekOf(LocalDate(r.OpenedAt)) == w).Select(r => pick(r) - r.OpenedAt));
                return new AggregateRow(w.ToString("MM-dd", CultureInfo.InvariantCulture), [p.P50Seconds / 60, p.P90Seconds / 60], p.Samples);
            })], Counts: false, Unit: " min"));
        }

        var unclaimed = new AggregateTable("unclaimed", "Cases never claimed, and coordinator pages, by week", "Week of", ["Never claimed", "Coordinator paged"],
            [.. weeks.Select(w =>
            {
                var week = records.Where(r => WeekOf(LocalDate(r.OpenedAt)) == w).ToList();
                return new AggregateRow(w.ToString("MM-dd", CultureInfo.InvariantCulture),
                    [week.Count(r => r.FirstClaimedAt is null), week.Count(r => r.CoordinatorPaged)]);
            })], Counts: true);

        var (checkInDays, checkInRate) = await CheckInsAsync(days, weeks, ct);
        var membersNow = await MembersAsync(ct);
        var (failures, depth) = await OutboxAsync(now, ct);
        return [perDay, byCategory, .. timing, unclaimed, checkInDays, checkInRate, membersNow, failures, depth];
    }

    /// <summary>Check-in messages sent and answered per day (members' local dates), and the share answered per week.
    /// A rate is shown only when at least 5 were sent and 5 answered, so it never gives away a count under 5.</summary>
    private async Task<(AggregateTable Days, AggregateTable Rate)> CheckInsAsync(List<DateOnly> days, List<DateOnly> weeks, CancellationToken ct)
    {
        var counts = await _checkIns.DaysAsync(days[0], days[^1], ct);
        var perDay = new AggregateTable("checkins-by-day", "Check-in messages sent and answered, per day", "Day", ["Sent", "Answered"],
            [.. days.Select(d => new AggregateRow(d.ToString("MM-dd", CultureInfo.InvariantCulture),
                [counts.GetValueOrDefault(d).Prompts, counts.GetValueOrDefault(d).Answered]))], Counts: true);
        var rate = new AggregateTable("checkin-rate", "Check-in response rate by week (% answered)", "Week of", ["Answered"], [.. weeks.Select(w =>
        {
            var week = days.Where(d => WeekOf(d) == w).Select(d => counts.GetValueOrDefault(d)).ToList();
            var (sent, answered) = (week.Sum(c => c.Prompts), week.Sum(c => c.Answered));
            return new AggregateRow(w.ToString("MM-dd", CultureInfo.InvariantCulture), [sent == 0 ? null : 100.0 * answered / sent], Math.Min(sent, answered));
        })], Counts: false, Unit: "%");
        return (perDay, rate);
    }

    private async Task<AggregateTable> MembersAsync(CancellationToken ct)
    {
        var totals = await members.CurrentAsync(ct);
        var title = totals is null ? "Members now (not counted yet)" : $"Members now (counted {totals.CountedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)";
        return new AggregateTable("members", title, "Members", ["Members"],
            totals is null ? [] : [new AggregateRow("Active", [totals.Active]), new AggregateRow("Paused", [totals.Paused]), new AggregateRow("Opted out", [totals.OptedOut])],
            Counts: true);
    }

    private async Task<(AggregateTable Failures, AggregateTable Depth)> OutboxAsync(DateTimeOffset now, CancellationToken ct)
    {
        var since = now.AddDays(-Days);
        var byCode = new Dictionary<string, int>(StringComparer.Ordinal);
        int queued = 0, sending = 0;
        var outbox = tables.GetTable<OutboxRow>(OutboxRow.TableName);
        await foreach (var row in outbox.QueryPartitionAllAsync(OutboxRow.Partition, RowKeyRange.Prefix(OutboxRow.MessageKey("")), ct))
        {
            if (row.Status == OutboxStatus.Queued) queued++;
            else if (row.Status == OutboxStatus.Sending) sending++;
            else if (row.Status is OutboxStatus.Failed or OutboxStatus.Undelivered && (row.UpdatedAt ?? row.CreatedAt) >= since)
            {
                var code = string.IsNullOrEmpty(row.ErrorCode) ? "no code" : row.ErrorCode;
                byCode[code] = byCode.GetValueOrDefault(code) + 1;
            }
        }
        var failures = new AggregateTable("outbox-failures", $"Texts that failed in the last {Days} days, by Twilio error code", "Error code", ["Failed"],
            [.. byCode.OrderByDescending(p => p.Value).Select(p => new AggregateRow(p.Key, [p.Value]))], Counts: true);
        var depth = new AggregateTable("outbox-depth", "Outbox queue depth now", "State", ["Texts"],
            [new AggregateRow("Waiting to send", [queued]), new AggregateRow("Sending", [sending])], Counts: true);
        return (failures, depth);
    }

    private static CrisisSeverity Bucket(CrisisSeverity s) => s >= CrisisSeverity.Imminent ? CrisisSeverity.Imminent : s >= CrisisSeverity.High ? CrisisSeverity.High : CrisisSeverity.Support;

    private DateOnly LocalDate(DateTimeOffset at) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, _zone).DateTime);

    private static DateOnly WeekOf(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
