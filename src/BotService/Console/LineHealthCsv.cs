using System.Text;

namespace BotService.CoordinatorConsole;

/// <summary><c>GET /console/health.csv</c>: the line-health aggregates for a funder's report, with the same "&lt;5".</summary>
public static class LineHealthCsv
{
    public static async Task<IResult> ServeAsync(HttpContext http, LineHealthReport report, AuditLog audit, TimeProvider time)
    {
        var tables = await report.BuildAsync(http.RequestAborted);
        await audit.WriteAsync(ConsoleAuth.Actor(http.User), "exported CSV", null, null, null, http.RequestAborted);
        return Results.File(Encoding.UTF8.GetBytes(Render(tables)), "text/csv; charset=utf-8", $"line-health-{time.GetUtcNow():yyyy-MM-dd}.csv");
    }

    public static string Render(IEnumerable<AggregateTable> tables)
    {
        var csv = new StringBuilder("figure,row,column,value\r\n");
        foreach (var table in tables)
            foreach (var row in table.Rows)
                for (var c = 0; c < table.Columns.Count; c++)
                    csv.Append(Field(table.Title)).Append(',').Append(Field(row.Label)).Append(',').Append(Field(table.Columns[c])).Append(',')
                        .Append(Field(table.Cell(row, c))).Append("\r\n");
        return csv.ToString();
    }

    // Quoted always; a leading =, +, - or @ gets an apostrophe so a spreadsheet never runs it as a formula.
    private static string Field(string value) =>
        "\"" + (value.Length > 0 && "=+-@".Contains(value[0]) ? "'" + value : value).Replace("\"", "\"\"") + "\"";
}
