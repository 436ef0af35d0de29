using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BotService.Messaging;

namespace BotService.Tests.Messaging;

/// <summary>Send failures are counted by Twilio's error code; the outbox gauges report per priority without a query
/// of their own. (Meters are process-wide: other tests may add values; these look for their own.)</summary>
public sealed class SmsMetricsTests
{
    [Fact]
    public async Task A_refused_send_is_counted_by_its_error_code()
    {
        var seen = new ConcurrentBag<string>();
        using var listener = Listen((name, tags) => { if (name == "botservice.sms.send_failures") seen.Add(tags); });

        await using var h = new OutboundHarness();
        var transport = new ScriptedTransport(h.Clock)
        {
            Script = (_, _, _) => Task.FromResult(new SendOutcome(SendOutcomeKind.RecipientOptedOut, ErrorCode: "21610")),
        };
        await h.StartDispatcherAsync(transport);
        await h.EnqueueAsync("(555) 200-0042", "hello");
        await h.RunAsync(TimeSpan.FromHours(1), TimeSpan.FromMinutes(1));

        Assert.Contains(seen, t => t.Contains("error_code=21610") && t.Contains("outcome=RecipientOptedOut") && t.Contains("source=send"));
        Assert.All(seen, t => Assert.DoesNotContain("2000042", t));
    }

    [Theory]
    [InlineData(null, "none")]
    [InlineData("30007", "30007")]
    [InlineData("+15552000042", "other")]
    [InlineData("call me at 555", "other")]
    public void Only_short_numeric_codes_become_tags(string? code, string tag) => Assert.Equal(tag, SmsMetrics.SafeCode(code));

    [Fact]
    public void The_outbox_gauges_report_every_priority()
    {
        SmsMetrics.ObserveOutbox(MessagePriority.CheckIn, 0, TimeSpan.Zero);
        var depth = new ConcurrentDictionary<string, double>();
        var age = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == SmsMetrics.MeterName) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => { if (i.Name == "botservice.outbox.depth") depth[(string)tags[0].Value!] = v; });
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => { if (i.Name == "botservice.outbox.oldest_age") age[(string)tags[0].Value!] = v; });
        listener.Start();
        listener.RecordObservableInstruments();

        foreach (var p in Enum.GetValues<MessagePriority>())
        {
            Assert.True(depth.TryGetValue(p.ToString(), out var d) && d >= 0, $"depth for {p}");
            Assert.True(age.TryGetValue(p.ToString(), out var a) && a >= 0, $"age for {p}");
        }
    }

    private static MeterListener Listen(Action<string, string> onMeasurement)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) => { if (i.Meter.Name == SmsMetrics.MeterName) l.EnableMeasurementEvents(i); };
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) =>
        {
            var parts = new List<string>();
            foreach (var t in tags) parts.Add($"{t.Key}={t.Value}");
            onMeasurement(i.Name, string.Join(",", parts));
        });
        listener.Start();
        return listener;
    }
}
