using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

/// <summary>The live escalation instruments record one value per case for page, claim and close, tagged by
/// severity only. (Meters are process-wide: other tests may add recordings; this one looks for at least its own.)</summary>
public sealed class EscalationMetricsTests
{
    private const string Member = "+15551239901";
    private const string Ana = "+15557779901";

    [Fact]
    public async Task A_case_paged_claimed_and_closed_records_each_wait_and_the_detection()
    {
        var seen = new ConcurrentBag<(string Name, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EscalationInstruments.MeterName) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => seen.Add((i.Name, Render(tags))));
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => seen.Add((i.Name, Render(tags))));
        listener.Start();

        using var h = new EscalationHarness();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member, "i want to kill myself tonight");
        var code = await h.OpenCodeAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + code);
        await h.VolunteerSays(Ana, "DONE safe");

        Assert.Contains(seen, s => s.Name == "botservice.escalation.time_to_page" && s.Tags.Contains("severity=Imminent"));
        Assert.Contains(seen, s => s.Name == "botservice.escalation.time_to_claim");
        Assert.Contains(seen, s => s.Name == "botservice.escalation.time_to_close");
        Assert.All(seen, s => Assert.DoesNotContain("9901", s.Tags));
    }

    private static string Render(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var t in tags) parts.Add($"{t.Key}={t.Value}");
        return string.Join(",", parts);
    }
}
