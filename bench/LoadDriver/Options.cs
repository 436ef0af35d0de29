using System.Globalization;

namespace LoadDriver;

/// <summary>Healthz: plain GETs, to measure the host itself rather than a turn.</summary>
public enum Target { Twilio, Bare, BotFrameworkJs, Healthz }

/// <summary>Command line. Kept hand-rolled: a handful of flags does not justify a parser dependency.</summary>
public sealed class Options
{
    public string Url { get; private set; } = "";
    public Target Target { get; private set; } = Target.Twilio;
    public int Concurrency { get; private set; } = 32;
    public double DurationSeconds { get; private set; } = 20;
    public long? Count { get; private set; }
    public double WarmupSeconds { get; private set; } = 2;
    public int Members { get; private set; } = 2000;
    public double CrisisRate { get; private set; } = 0.02;
    public string AuthToken { get; private set; } = "bench-auth-token";
    public string? SigningUrl { get; private set; }
    public int? Pid { get; private set; }
    public int Seed { get; private set; } = 42;
    public int? Fuzz { get; private set; }
    public string? JsonOut { get; private set; }
    public string Name { get; private set; } = "";
    public double TimeoutSeconds { get; private set; } = 10;
    public int MaxFuzzBodyBytes { get; private set; } = 1024 * 1024;

    /// <summary>Exit non-zero on any 5xx or dropped connection, not only when nothing succeeded (what CI wants).</summary>
    public bool Strict { get; private set; }

    /// <summary>Also print latency per member text (which kinds of turn make up the tail).</summary>
    public bool ByText { get; private set; }

    /// <summary>Set once the sink is listening (botframework-js only).</summary>
    public string SinkUrl { get; set; } = "";

    /// <summary>Distinguishes runs against a long-lived target, so MessageSids never repeat across runs.</summary>
    public uint RunId { get; } = (uint)Environment.TickCount ^ (uint)Environment.ProcessId << 16;

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value");
            double Number() => double.Parse(Value(), CultureInfo.InvariantCulture);
            switch (name)
            {
                case "--url": o.Url = Value(); break;
                case "--target": o.Target = ParseTarget(Value()); break;
                case "--concurrency" or "-c": o.Concurrency = (int)Number(); break;
                case "--duration" or "-d": o.DurationSeconds = Number(); break;
                case "--count" or "-n": o.Count = (long)Number(); break;
                case "--warmup": o.WarmupSeconds = Number(); break;
                case "--members": o.Members = (int)Number(); break;
                case "--crisis-rate": o.CrisisRate = Number(); break;
                case "--auth-token": o.AuthToken = Value(); break;
                case "--signing-url": o.SigningUrl = Value(); break;
                case "--pid": o.Pid = (int)Number(); break;
                case "--seed": o.Seed = (int)Number(); break;
                case "--fuzz": o.Fuzz = (int)Number(); break;
                case "--json": o.JsonOut = Value(); break;
                case "--name": o.Name = Value(); break;
                case "--timeout": o.TimeoutSeconds = Number(); break;
                case "--max-fuzz-body": o.MaxFuzzBodyBytes = (int)Number(); break;
                case "--strict": o.Strict = true; break;
                case "--by-text": o.ByText = true; break;
                default: throw new ArgumentException($"unknown option {name}");
            }
        }
        if (string.IsNullOrEmpty(o.Url)) throw new ArgumentException("--url is required");
        var uri = new Uri(o.Url);
        // Bench traffic must never leave the machine.
        if (!uri.IsLoopback) throw new ArgumentException("--url must be a loopback address (127.0.0.1)");
        if (o.Concurrency < 1) throw new ArgumentException("--concurrency must be >= 1");
        // Each worker holds one member for the length of a request; more members than workers means none waits.
        if (o.Members < o.Concurrency * 2) o.Members = o.Concurrency * 2;
        if (o.Count is null && o.DurationSeconds <= 0) throw new ArgumentException("--duration or --count must be positive");
        if (o.Name.Length == 0) o.Name = o.Target.ToString();
        return o;
    }

    private static Target ParseTarget(string value) => value.ToLowerInvariant() switch
    {
        "twilio" => Target.Twilio,
        "bare" => Target.Bare,
        "botframework-js" => Target.BotFrameworkJs,
        "healthz" => Target.Healthz,
        _ => throw new ArgumentException($"unknown target {value}: twilio | bare | botframework-js | healthz"),
    };
}
