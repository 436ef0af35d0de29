namespace BotService.Escalation;

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

/// <summary>Null percentiles when there is no sample yet.</summary>
public sealed record Percentiles(int Samples, double? P50Seconds, double? P90Seconds)
{
    public static Percentiles Of(IEnumerable<TimeSpan?> durations)
    {
        var sorted = durations.Where(d => d is not null).Select(d => d!.Value.TotalSeconds).Order().ToArray();
        return sorted.Length == 0 ? new Percentiles(0, null, null) : new Percentiles(sorted.Length, Rank(sorted, 0.5), Rank(sorted, 0.9));
    }

    // Nearest-rank: always a value that really happened.
    private static double Rank(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
