using System.Globalization;
using System.Text;
using System.Text.Json;

namespace LoadDriver;

public static class Program
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> Main(string[] args)
    {
        try
        {
            if (args.Length > 0 && args[0] == "report") return Report.Write(args[1..]);
            if (args.Length > 0 && args[0] == "twilio-standin") return await TwilioStandIn.RunAsync(args[1..]);
            if (args.Length > 0 && args[0] == "send") return await SendOne.RunAsync(args[1..]);
            var options = Options.Parse(args);
            return options.Fuzz is null ? await LoadAsync(options) : await FuzzAsync(options);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            Console.Error.WriteLine("""
                usage: LoadDriver --url http://127.0.0.1:PORT/sms/inbound [--target twilio|bare|botframework-js|healthz]
                         [--concurrency 32] [--duration 20 | --count N] [--warmup 2] [--members 2000]
                         [--auth-token T] [--signing-url URL] [--pid PID] [--json out.json] [--name label] [--strict]
                       LoadDriver --url ... --fuzz N [--concurrency 8] [--auth-token T]   (exit 1 on any 5xx or dropped connection)
                       LoadDriver report --out results.md a.json b.json ...
                       LoadDriver twilio-standin --port P --record out.jsonl [--fail-rate 0.3] [--hang-rate 0.05] [--seed 7]
                       LoadDriver send --url URL --auth-token T --from +1555... --body TEXT   (prints status, then body)
                """);
            return 2;
        }
    }

    private static async Task<int> LoadAsync(Options options)
    {
        await using var sink = options.Target == Target.BotFrameworkJs ? await Sink.StartAsync() : null;
        if (sink is not null) options.SinkUrl = sink.Url;
        var result = await LoadRun.RunAsync(options, () => sink?.Activities ?? 0);
        Print(result);
        Save(options, result);
        // A load run "passes" when anything succeeded; --strict also fails it on any 5xx or dropped connection.
        if (result.Succeeded == 0) return 1;
        return options.Strict && (result.FiveXx > 0 || Dropped(result) > 0) ? 3 : 0;
    }

    private static async Task<int> FuzzAsync(Options options)
    {
        var result = await Fuzz.RunAsync(options);
        Print(result);
        Save(options, result);
        var transport = Dropped(result);
        Console.WriteLine($"fuzz: {result.Requests} requests, {result.FiveXx} 5xx, {transport} dropped/timed out");
        return result.FiveXx == 0 && transport == 0 ? 0 : 1;
    }

    private static long Dropped(RunResult r) =>
        r.Errors.Where(e => e.Key.StartsWith("transport", StringComparison.Ordinal) || e.Key == "timeout").Sum(e => e.Value);

    private static void Print(RunResult r)
    {
        var errors = r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.Select(e => $"{e.Key}: {e.Value}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Name}: {r.Requests} requests in {r.Seconds:F1} s at concurrency {r.Concurrency}; {r.Succeeded} 2xx = {r.RequestsPerSecond:F1} req/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  latency ms: p50 {r.P50Ms:F2}  p90 {r.P90Ms:F2}  p99 {r.P99Ms:F2}  max {r.MaxMs:F2}  mean {r.MeanMs:F2}"));
        Console.WriteLine($"  non-2xx: {errors}");
        if (r.PeakMemoryMb is not null) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  target peak RSS (VmHWM): {r.PeakMemoryMb:F1} MB"));
        if (r.CpuMsPerRequest is not null) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  target CPU per request: {r.CpuMsPerRequest:F3} ms"));
        if (r.SinkActivities > 0) Console.WriteLine($"  replies delivered to the connector sink: {r.SinkActivities}");
    }

    private static void Save(Options options, RunResult result)
    {
        if (options.JsonOut is null) return;
        File.WriteAllText(options.JsonOut, JsonSerializer.Serialize(result, Json), Encoding.UTF8);
    }

    internal static RunResult? Load(string path) => JsonSerializer.Deserialize<RunResult>(File.ReadAllText(path), Json);
}
