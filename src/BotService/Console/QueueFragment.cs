using System.Text;
using System.Text.Encodings.Web;
using BotService.Volunteers;

namespace BotService.CoordinatorConsole;

/// <summary>
/// The queue table's rows as HTML, one line: the page renders it first and the event stream sends it again whenever it
/// changes, so both always agree. Every value is encoded; nothing in it is a number or a member's words.
/// </summary>
public static class QueueFragment
{
    public static string Render(IReadOnlyList<QueueRow> rows)
    {
        var enc = HtmlEncoder.Default;
        var html = new StringBuilder();
        if (rows.Count == 0)
            return "<tr><td colspan=\"9\" class=\"empty\">No open cases. The queue updates by itself.</td></tr>";
        foreach (var r in rows)
        {
            var code = enc.Encode(r.Code);
            html.Append("<tr class=\"sev-").Append(enc.Encode(r.Severity.Replace(' ', '-').ToLowerInvariant())).Append("\" data-code=\"").Append(code).Append("\">")
                .Append("<th scope=\"row\"><a href=\"/console/cases/").Append(code).Append("\">").Append(code).Append("</a></th>")
                .Append("<td data-label=\"Severity\">").Append(enc.Encode(r.Severity)).Append("</td>")
                .Append("<td data-label=\"Category\">").Append(enc.Encode(r.Category)).Append("</td>")
                .Append("<td data-label=\"Language\">").Append(enc.Encode(r.Language)).Append("</td>")
                .Append("<td data-label=\"Waiting\">").Append(enc.Encode(ConsoleQueue.Ago(r.Waiting))).Append("</td>")
                .Append("<td data-label=\"Pages\">").Append(r.PagesSent).Append(r.CoordinatorPaged ? " + you" : "").Append("</td>")
                .Append("<td data-label=\"Status\">").Append(r.Status == EscalationStatus.Claimed ? "Held" : "Waiting").Append("</td>")
                .Append("<td data-label=\"Held by\">").Append(enc.Encode(r.HolderName ?? "nobody")).Append("</td>")
                .Append("<td data-label=\"Her last text\">").Append(r.SinceVolunteerText is { } s ? enc.Encode(ConsoleQueue.Ago(s) + " ago") : "-").Append("</td>")
                .Append("</tr>");
        }
        return html.ToString();
    }
}
