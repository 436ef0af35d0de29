using System.Diagnostics;
using System.Net;
using System.Text;
using BotService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace BotService.Tests.Hosting;

/// <summary>
/// A real crisis conversation through the test host with every OpenTelemetry signal captured in memory: no span,
/// tag, event, metric tag or log record may hold the member's number or a word she wrote.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The host's OpenTelemetry export processor owns the exporter and disposes it with the host (DisposeAsync).")]
public sealed class TelemetryPrivacyTests : IAsyncLifetime
{
    private const string AuthToken = BotTestHost.AuthToken;
    private const string PublicBaseUrl = BotTestHost.PublicBaseUrl;
    private const string From = "+13125559876";
    private const string Digits = "3125559876";
    private const string Phrase = "zebra marmalade quintet";

    private readonly List<Activity> _spans = [];
    private readonly List<Metric> _metrics = [];
    private readonly CapturingLogExporter _logs = new();
    private BotTestHost _host = null!;

    public Task InitializeAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telemetry:Enabled"] = "true",
            // Request logs print the URL with its query: on for the console, they must still stay out of telemetry.
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Information",
        };
        _host = new BotTestHost
        {
            Environment = "Production",
            Settings = settings,
            Overrides = services =>
            {
                services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
                services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
                services.ConfigureOpenTelemetryLoggerProvider(l => l.AddProcessor(new SimpleLogRecordExportProcessor(_logs)));
            },
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task A_crisis_conversation_leaves_no_number_and_no_text_in_any_signal()
    {
        var client = _host.CreateClient();
        var webhook = new TwilioWebhook(client, AuthToken, PublicBaseUrl);

        var replies = await webhook.SendAsync(From, $"i want to die {Phrase}");
        Assert.Contains(replies, r => r.Contains("988"));
        await webhook.SendAsync(From, $"hello {Phrase}");
        // A query string carrying both must be stripped from the request span too.
        (await client.GetAsync($"/?From={Uri.EscapeDataString(From)}&Body={Uri.EscapeDataString(Phrase)}")).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready")).StatusCode);

        _host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        _host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        _host.Services.GetRequiredService<LoggerProvider>().ForceFlush();

        // Background services (the scheduler, retention) keep exporting while we read: work on one snapshot.
        var spans = Snapshot(_spans);
        var captured = new List<string>();
        foreach (var span in spans)
        {
            captured.Add(span.DisplayName);
            captured.Add(span.OperationName);
            captured.AddRange(span.TagObjects.Select(t => $"{t.Key}={t.Value}"));
            foreach (var e in span.Events)
            {
                captured.Add(e.Name);
                captured.AddRange(e.Tags.Select(t => $"{t.Key}={t.Value}"));
            }
            captured.AddRange(span.Baggage.Select(b => $"{b.Key}={b.Value}"));
        }
        var metricNames = new List<string>();
        foreach (var metric in Snapshot(_metrics))
        {
            metricNames.Add(metric.Name);
            captured.Add(metric.Name);
            captured.Add(metric.Description);
            foreach (ref readonly var point in metric.GetMetricPoints())
                foreach (var tag in point.Tags)
                    captured.Add($"{tag.Key}={tag.Value}");
        }
        captured.AddRange(_logs.Records);

        // The capture really saw the conversation: otherwise an empty pass would prove nothing.
        Assert.Contains(spans, s => s.GetTagItem("http.route") is "/sms/inbound" || s.DisplayName.Contains("/sms/inbound"));
        Assert.Contains("botservice.conversation.turns", metricNames);
        Assert.Contains("botservice.safety.crisis_detections", metricNames);
        Assert.Contains(captured, c => c.Contains("severity=", StringComparison.Ordinal));
        Assert.NotEmpty(_logs.Records);

        foreach (var text in captured)
        {
            Assert.DoesNotContain(Digits, text, StringComparison.Ordinal);
            Assert.DoesNotContain("zebra", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("marmalade", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("want to die", text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private static List<T> Snapshot<T>(List<T> exported)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return [.. exported];
            }
            catch (InvalidOperationException) when (attempt < 20)
            {
                // An export landed mid-copy; copy again.
            }
        }
    }

    /// <summary>Log records are pooled by the SDK: render each one to text while it is still ours.</summary>
    private sealed class CapturingLogExporter : BaseExporter<LogRecord>
    {
        private readonly List<string> _records = [];

        public IReadOnlyList<string> Records { get { lock (_records) return [.. _records]; } }

        public override ExportResult Export(in Batch<LogRecord> batch)
        {
            foreach (var record in batch)
            {
                var text = new StringBuilder();
                text.Append(record.CategoryName).Append('|').Append(record.EventId).Append('|').Append(record.Body).Append('|').Append(record.FormattedMessage);
                if (record.Attributes is { } attributes)
                    foreach (var a in attributes) text.Append('|').Append(a.Key).Append('=').Append(a.Value);
                if (record.Exception is { } ex) text.Append('|').Append(ex);
                record.ForEachScope((scope, sb) => { foreach (var item in scope) sb.Append('|').Append(item.Key).Append('=').Append(item.Value); }, text);
                lock (_records) _records.Add(text.ToString());
            }
            return ExportResult.Success;
        }
    }
}
