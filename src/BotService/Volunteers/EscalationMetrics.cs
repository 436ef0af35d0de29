namespace BotService.Volunteers;

/// <summary>p50/p90 in seconds of how long members waited: to the first page, the first claim, the close.</summary>
public sealed record EscalationMetrics(int Count, int Open, int Claimed, int Closed, Percentiles TimeToFirstPage, Percentiles TimeToClaim, Percentiles TimeToClose)
{
    public static EscalationMetrics From(IReadOnlyList<EscalationRecord> records) => new(
        records.Count,
        records.Count(r => r.Status == EscalationStatus.Open),
        records.Count(r => r.Status == EscalationStatus.Claimed),
        records.Count(r => r.Status == EscalationStatus.Closed),
        Percentiles.Of(records.Select(r => r.FirstPagedAt - r.OpenedAt)),
        Percentiles.Of(records.Select(r => r.FirstClaimedAt - r.OpenedAt)),
        Percentiles.Of(records.Select(r => r.ClosedAt - r.OpenedAt)));
}
