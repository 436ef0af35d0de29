using System.Globalization;
using System.Text;

namespace LoadDriver;

/// <summary>
/// Turns the JSON of several runs into the markdown table, the ratios and the verdict on the targets. Runs are
/// recognised by name: "bare", "botbuilder-js", and "ours-*" (ours-sqlite is the one the targets are about).
/// </summary>
public static class Report
{
    public static int Write(string[] args)
    {
        string? output = null;
        var notes = new List<string>();
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--out": output = args[++i]; break;
                case "--note": notes.Add(args[++i]); break;
                default: files.Add(args[i]); break;
            }
        }
        var runs = files.Where(File.Exists).Select(Program.Load).OfType<RunResult>().ToList();
        var md = Render(runs, notes);
        Console.WriteLine(md);
        if (output is not null) File.WriteAllText(output, md, Encoding.UTF8);
        return 0;
    }

    private static string Render(List<RunResult> runs, List<string> notes)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("# Side-by-side load results").AppendLine();
        foreach (var note in notes) sb.AppendLine("- " + note);
        if (notes.Count > 0) sb.AppendLine();
        sb.AppendLine("| Target | Concurrency | Seconds | Requests | 2xx req/s | p50 ms | p90 ms | p99 ms | max ms | Non-2xx | Peak RSS MB | CPU ms/req |");
        sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var r in runs)
        {
            var errors = r.Errors.Count == 0 ? "0" : string.Join(" ", r.Errors.Select(e => $"{e.Key}×{e.Value}"));
            sb.AppendLine(string.Create(inv,
                $"| {r.Name} | {r.Concurrency} | {r.Seconds:F1} | {r.Requests} | {r.RequestsPerSecond:F0} | {r.P50Ms:F2} | {r.P90Ms:F2} | {r.P99Ms:F2} | {r.MaxMs:F2} | {errors} | {(r.PeakMemoryMb is { } m ? m.ToString("F0", inv) : "n/a")} | {(r.CpuMsPerRequest is { } c ? c.ToString("F2", inv) : "n/a")} |"));
        }
        sb.AppendLine();

        var bare = runs.FirstOrDefault(r => r.Name == "bare");
        var botbuilder = runs.FirstOrDefault(r => r.Name == "botbuilder-js");
        var ours = runs.Where(r => r.Name.StartsWith("ours", StringComparison.Ordinal)).ToList();
        if (ours.Count > 0)
        {
            sb.AppendLine("## Ratios (2xx throughput)").AppendLine();
            foreach (var o in ours)
            {
                var parts = new List<string>();
                if (bare is { RequestsPerSecond: > 0 }) parts.Add(string.Create(inv, $"{o.Name} / bare = {o.RequestsPerSecond / bare.RequestsPerSecond:F2}"));
                if (botbuilder is { RequestsPerSecond: > 0 }) parts.Add(string.Create(inv, $"{o.Name} / botbuilder-js = {o.RequestsPerSecond / botbuilder.RequestsPerSecond:F2}"));
                if (o.CpuMsPerRequest is { } oc && botbuilder?.CpuMsPerRequest is { } bc && oc > 0)
                    parts.Add(string.Create(inv, $"botbuilder-js CPU per request / {o.Name}'s = {bc / oc:F2}"));
                var caveat = o.Name.Contains("healthz", StringComparison.Ordinal) ? " (GET /healthz, not a turn)" : "";
                sb.AppendLine("- " + string.Join("; ", parts) + caveat);
            }
            sb.AppendLine();
        }

        var sqlite = ours.FirstOrDefault(r => r.Name == "ours-sqlite");
        if (sqlite is not null)
        {
            sb.AppendLine("## Targets (ours on SQLite, concurrency 32)").AppendLine();
            string Verdict(bool? met) => met switch { true => "met", false => "NOT met", null => "not measured" };
            bool? vsBotbuilder = botbuilder is null ? null : sqlite.RequestsPerSecond >= 3 * botbuilder.RequestsPerSecond;
            bool? vsBare = bare is null ? null : sqlite.RequestsPerSecond >= bare.RequestsPerSecond / 3;
            var allOk = sqlite.Succeeded == sqlite.Requests;
            sb.AppendLine(inv, $"- throughput >= 3x botbuilder-js: {Verdict(vsBotbuilder)}");
            sb.AppendLine(inv, $"- throughput >= 1/3 of bare: {Verdict(vsBare)}");
            sb.AppendLine(string.Create(inv, $"- p99 < 20 ms: {Verdict(sqlite.P99Ms < 20)} ({sqlite.P99Ms:F2} ms)"));
            sb.AppendLine(inv, $"- every request answered 2xx: {Verdict(allOk)}");
        }
        return sb.ToString();
    }
}
