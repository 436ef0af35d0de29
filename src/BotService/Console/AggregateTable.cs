namespace BotService.CoordinatorConsole;

/// <summary>
/// A table of aggregates, as the line-health page charts it and the CSV exports it. Counts from 1 to 4 are shown as
/// "&lt;5", and durations computed from fewer than 5 cases are not shown at all, so no figure points at one woman.
/// </summary>
public sealed record AggregateTable(string Id, string Title, string RowHeader, IReadOnlyList<string> Columns, IReadOnlyList<AggregateRow> Rows, bool Counts, string Unit = "")
{
    public const int Threshold = 5;

    public string Cell(AggregateRow row, int column)
    {
        var value = row.Values[column];
        if (Counts)
            return value is null or 0 ? "0" : value < Threshold ? "<5" : ((int)value).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (row.Samples < Threshold) return "<5 cases";
        return value is null ? "-" : value.Value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + Unit;
    }

    /// <summary>What a bar may show: a suppressed count is drawn at the threshold (and marked), never at its true height.</summary>
    public double? Plotted(AggregateRow row, int column)
    {
        var value = row.Values[column];
        if (Counts) return value is null or 0 ? 0 : Math.Max(value.Value, Threshold);
        return row.Samples < Threshold ? null : value;
    }

    public bool Suppressed(AggregateRow row, int column) =>
        Counts ? row.Values[column] is > 0 and < Threshold : row.Samples < Threshold;
}
