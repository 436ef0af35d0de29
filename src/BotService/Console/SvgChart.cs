using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace BotService.CoordinatorConsole;

/// <summary>
/// A grouped bar chart of an <see cref="AggregateTable"/>, drawn on the server as SVG: no script, no library, and the
/// same suppression as the table (a count under 5 is drawn at 5, striped, and labelled "&lt;5").
/// </summary>
public static class SvgChart
{
    private static readonly string[] Fills = ["#8a1c1c", "#b35c00", "#1f4e9c", "#1d5e2c"];

    public static string Render(AggregateTable table)
    {
        var enc = HtmlEncoder.Default;
        // A fixed drawing size: every chart scales alike, whatever the number of days or categories.
        const int width = 320, height = 180, top = 12, left = 30, bottom = 40;
        var columns = table.Columns.Count;
        var slot = (width - left - 6) / (double)Math.Max(1, table.Rows.Count);
        var bar = Math.Clamp(slot * 0.8 / columns, 1.5, 28);
        var labelEvery = Math.Max(1, (int)Math.Ceiling(table.Rows.Count / 6.0));
        var max = table.Rows.SelectMany((r, _) => Enumerable.Range(0, columns).Select(c => table.Plotted(r, c) ?? 0)).DefaultIfEmpty(0).Max();
        max = max <= 0 ? 1 : NiceCeiling(max);
        var plot = height - top - bottom;
        var svg = new StringBuilder();
        var titleId = "chart-" + table.Id;
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" role=\"img\" aria-labelledby=\"{titleId}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title id=\"{titleId}\">{enc.Encode(table.Title)}: the figures are in the table below the chart.</title>");
        svg.Append("<defs><pattern id=\"stripes-").Append(table.Id).Append("\" width=\"4\" height=\"4\" patternUnits=\"userSpaceOnUse\"><rect width=\"4\" height=\"4\" fill=\"#ffffff\"/><path d=\"M0 4 L4 0\" stroke=\"#555\" stroke-width=\"1\"/></pattern></defs>");
        for (var i = 0; i <= 2; i++)
        {
            var y = top + plot - plot * i / 2.0;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{left}\" x2=\"{width - 4}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#c9c9d1\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 4}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{max * i / 2:0.#}</text>");
        }
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var x0 = left + r * slot + slot * 0.1;
            for (var c = 0; c < columns; c++)
            {
                if (table.Plotted(row, c) is not { } value || value <= 0) continue;
                var h = plot * value / max;
                var fill = table.Suppressed(row, c) ? $"url(#stripes-{table.Id})" : Fills[c % Fills.Length];
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect x=\"{x0 + c * bar:0.##}\" y=\"{top + plot - h:0.#}\" width=\"{bar:0.##}\" height=\"{h:0.#}\" fill=\"{fill}\" stroke=\"{Fills[c % Fills.Length]}\"><title>{enc.Encode($"{row.Label}, {table.Columns[c]}: {table.Cell(row, c)}")}</title></rect>");
            }
            if (r % labelEvery == 0)
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0:0.#}\" y=\"{height - bottom + 14}\">{enc.Encode(row.Label)}</text>");
        }
        for (var c = 0; c < columns; c++)
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{left + c * 96}\" y=\"{height - 12}\" width=\"9\" height=\"9\" fill=\"{Fills[c % Fills.Length]}\"/><text x=\"{left + c * 96 + 12}\" y=\"{height - 4}\">{enc.Encode(table.Columns[c])}</text>");
        return svg.Append("</svg>").ToString();
    }

    private static double NiceCeiling(double value)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (var step in new[] { 1, 2, 5, 10 })
            if (step * magnitude >= value) return step * magnitude;
        return 10 * magnitude;
    }
}
