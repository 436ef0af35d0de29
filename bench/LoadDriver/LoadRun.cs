using System.Diagnostics;

namespace LoadDriver;

/// <summary>What one run measured; written as JSON so the side-by-side script can tabulate runs.</summary>
public sealed record RunResult(
    string Name,
    string Target,
    string Url,
    int Concurrency,
    double Seconds,
    long Requests,
    long Succeeded,
    double RequestsPerSecond,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double MaxMs,
    double MeanMs,
    Dictionary<string, long> Errors,
    long FiveXx,
    double? PeakMemoryMb,
    long SinkActivities,
    double? CpuMsPerRequest = null);

public static class LoadRun
{
    public static HttpClient CreateClient(Options options) => new(new SocketsHttpHandler
    {
        // One connection per worker, kept alive: we measure the server, not TCP handshakes.
        MaxConnectionsPerServer = options.Concurrency,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
    })
    { Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds) };

    public static async Task<RunResult> RunAsync(Options options, Func<long> sinkCount)
    {
        using var client = CreateClient(options);
        var payloads = new PayloadFactory(options);
        var pool = new MemberPool(options.Members, options.Seed);

        if (options.WarmupSeconds > 0)
        {
            // JIT, connection pool, SQLite page cache and the target's tiered compilation settle before we record.
            var warm = new Recorder(options.Concurrency);
            await DriveAsync(client, payloads, pool, options, warm, TimeSpan.FromSeconds(options.WarmupSeconds), null);
        }

        var sinkBefore = sinkCount();
        var cpuBefore = CpuSeconds(options.Pid);
        var recorder = new Recorder(options.Concurrency);
        var watch = Stopwatch.StartNew();
        await DriveAsync(client, payloads, pool, options, recorder,
            options.Count is null ? TimeSpan.FromSeconds(options.DurationSeconds) : TimeSpan.FromHours(1), options.Count);
        watch.Stop();

        var result = recorder.Summarize(options, watch.Elapsed.TotalSeconds, PeakMemoryMb(options.Pid), sinkCount() - sinkBefore);
        if (options.ByText) recorder.PrintByText();
        var cpuAfter = CpuSeconds(options.Pid);
        // CPU per request does not depend on how the scheduler shares a busy machine between processes, so it
        // compares targets fairly even when throughput is skewed by other load (a one-thread node process loses
        // more CPU share to contention than a thread-pool process does).
        return cpuBefore is null || cpuAfter is null || result.Requests == 0
            ? result
            : result with { CpuMsPerRequest = Math.Round((cpuAfter.Value - cpuBefore.Value) * 1000 / result.Requests, 3) };
    }

    /// <summary>utime + stime of the target from /proc/pid/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    public static double? CpuSeconds(int? pid)
    {
        if (pid is null) return null;
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture)
                + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
            return ticks / 100.0;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static async Task DriveAsync(HttpClient client, PayloadFactory payloads, MemberPool pool, Options options,
        Recorder recorder, TimeSpan duration, long? count)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long remaining = count ?? long.MaxValue;
        var workers = Enumerable.Range(0, options.Concurrency).Select(worker => Task.Run(async () =>
        {
            var latencies = recorder.For(worker);
            // Bounded twice over: by the deadline and by the request budget, so the loop always ends by itself.
            while (Stopwatch.GetTimestamp() < deadline && Interlocked.Decrement(ref remaining) >= 0)
            {
                var member = pool.Take();
                try
                {
                    var text = member.NextText(options.CrisisRate);
                    using var request = payloads.Create(member, text);
                    var start = Stopwatch.GetTimestamp();
                    var status = await SendAsync(client, request);
                    latencies.Add(Stopwatch.GetTimestamp() - start);
                    recorder.Note(worker, text, latencies[^1]);
                    recorder.Count(status);
                }
                finally
                {
                    pool.Return(member);
                }
            }
        })).ToArray();
        await Task.WhenAll(workers);
    }

    /// <summary>Sends and drains the response; returns the status code, or an exception's name when none came back.</summary>
    public static async Task<string> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            // The latency that matters is until the reply is fully read, as Twilio reads it.
            await response.Content.CopyToAsync(Stream.Null);
            return ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (TaskCanceledException)
        {
            return "timeout";
        }
        catch (HttpRequestException e)
        {
            return "transport:" + (e.HttpRequestError == HttpRequestError.Unknown ? e.GetType().Name : e.HttpRequestError.ToString());
        }
    }

    /// <summary>VmHWM: the resident-set high-water mark since the target started (Linux only).</summary>
    public static double? PeakMemoryMb(int? pid)
    {
        if (pid is null) return null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return Math.Round(kb / 1024.0, 1);
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }
}

/// <summary>Per-worker latency lists (no locking on the hot path) and a shared status tally.</summary>
public sealed class Recorder(int workers)
{
    private readonly List<long>[] _latencies = Enumerable.Range(0, workers).Select(_ => new List<long>(1 << 14)).ToArray();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _statuses = new();

    public List<long> For(int worker) => _latencies[worker];

    private readonly Dictionary<string, List<long>>[] _byText = Enumerable.Range(0, workers).Select(_ => new Dictionary<string, List<long>>()).ToArray();

    public void Note(int worker, string text, long ticks)
    {
        var lists = _byText[worker];
        if (!lists.TryGetValue(text, out var list)) lists[text] = list = [];
        list.Add(ticks);
    }

    /// <summary>Per member text: how often, how fast, and its share of the slowest 1 % of all requests.</summary>
    public void PrintByText()
    {
        var all = _byText.SelectMany(d => d).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.SelectMany(kv => kv.Value).Order().ToArray());
        var total = all.Sum(kv => kv.Value.Length);
        if (total == 0) return;
        var slowest = all.SelectMany(kv => kv.Value).Order().ToArray();
        var p99 = slowest[Math.Max(0, (int)Math.Ceiling(0.99 * total) - 1)];
        var tail = all.Sum(kv => kv.Value.Count(t => t > p99));
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        Console.WriteLine("  by text: share of requests, p50 / p99 ms, share of the requests slower than the overall p99");
        foreach (var (text, ticks) in all.OrderByDescending(kv => kv.Value.Count(t => t > p99)))
        {
            var label = text.Length > 24 ? text[..24] : text;
            Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"    {label,-24} {100.0 * ticks.Length / total,5:F1} %  {Ms(ticks[ticks.Length / 2]),6:F1} / {Ms(ticks[Math.Max(0, (int)Math.Ceiling(0.99 * ticks.Length) - 1)]),6:F1}  tail {100.0 * ticks.Count(t => t > p99) / Math.Max(1, tail),5:F1} %"));
        }
    }

    public void Count(string status) => _statuses.AddOrUpdate(status, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, long> Statuses => _statuses;

    public RunResult Summarize(Options options, double seconds, double? peakMemoryMb, long sinkActivities)
    {
        // Exact percentiles: sort every recorded latency. At tens of thousands of samples this is cheap.
        var all = _latencies.SelectMany(l => l).Order().ToArray();
        double Ms(long ticks) => Math.Round(ticks * 1000.0 / Stopwatch.Frequency, 2);
        double Percentile(double p) => all.Length == 0 ? 0 : Ms(all[Math.Min(all.Length - 1, (int)Math.Ceiling(p * all.Length) - 1)]);
        var succeeded = _statuses.Where(s => s.Key.StartsWith('2')).Sum(s => s.Value);
        var errors = _statuses.Where(s => !s.Key.StartsWith('2')).OrderBy(s => s.Key, StringComparer.Ordinal)
            .ToDictionary(s => s.Key, s => s.Value);
        var fiveXx = _statuses.Where(s => s.Key.StartsWith('5')).Sum(s => s.Value);
        return new RunResult(options.Name, options.Target.ToString(), options.Url, options.Concurrency, Math.Round(seconds, 2),
            // Throughput counts only 2xx: a target that fails fast must not look fast.
            all.Length, succeeded, Math.Round(succeeded / seconds, 1),
            Percentile(0.50), Percentile(0.90), Percentile(0.99), all.Length == 0 ? 0 : Ms(all[^1]),
            all.Length == 0 ? 0 : Math.Round(all.Average() * 1000.0 / Stopwatch.Frequency, 2),
            errors, fiveXx, peakMemoryMb, sinkActivities);
    }
}
