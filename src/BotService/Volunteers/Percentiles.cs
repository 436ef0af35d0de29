namespace BotService.Volunteers;

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
