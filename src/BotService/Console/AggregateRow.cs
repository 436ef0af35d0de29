namespace BotService.CoordinatorConsole;

/// <summary>One row of an aggregate: a label (a day, a week, a category) and one figure per column.
/// <paramref name="Samples"/> is how many cases a duration row was computed from.</summary>
public sealed record AggregateRow(string Label, IReadOnlyList<double?> Values, int Samples = 0);
