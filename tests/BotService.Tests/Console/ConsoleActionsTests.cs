using System.Net;
using BotService.CoordinatorConsole;
using BotService.Tests.Support;
using BotService.Volunteers;

namespace BotService.Tests.Console;

/// <summary>The console's actions and feeds on the real host and pipeline (SQLite), members texting through the signed webhook.</summary>
public sealed class ConsoleActionsTests
{
    private const string Ana = "+15557770001";
    private static readonly string[] Numbers = ["+15551230001", "+15551230002", "+15551230003", Ana];

    // One webhook per host: its message ids count up, and the bot ignores a message id it has already seen.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<BotTestHost, TwilioWebhook> Webhooks = new();

    private static async Task<string> CrisisFromAsync(BotTestHost host, string member)
    {
        var store = host.Get<EscalationStore>();
        var before = (await store.AllAsync(default)).Select(r => r.Code).ToHashSet();
        var sms = Webhooks.GetValue(host, h => new TwilioWebhook(h.CreateClient(), BotTestHost.AuthToken, BotTestHost.PublicBaseUrl));
        await sms.SendAsync(member, "i want to kill myself tonight");
        return (await store.AllAsync(default)).Single(r => !before.Contains(r.Code)).Code;
    }

    private static async Task<Volunteer> AnaOnCallAsync(BotTestHost host)
    {
        var actions = host.Get<CoordinatorActions>();
        Assert.True((await actions.AddVolunteerAsync("test", "Ana", Ana, "en", default)).Ok);
        var ana = (await host.Get<VolunteerDirectory>().AllAsync(default)).Single();
        Assert.True((await actions.SetOnCallAsync("test", ana.Id, true, default)).Ok);
        return ana;
    }

    private static void AssertNoNumber(string text)
    {
        foreach (var number in Numbers)
        {
            Assert.DoesNotContain(number, text);
            Assert.DoesNotContain(number[2..], text);
        }
    }

    [Fact]
    public async Task The_event_stream_and_the_csv_carry_the_case_but_no_phone_number()
    {
        using var host = ConsoleSite.Host();
        await AnaOnCallAsync(host);
        var code = await CrisisFromAsync(host, Numbers[0]);
        using var client = host.Browserless();
        await ConsoleSite.SignInAsync(client);

        using var stream = await client.GetAsync("/console/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var first = new List<string>();
        for (var line = await reader.ReadLineAsync(); line is { Length: > 0 }; line = await reader.ReadLineAsync()) first.Add(line);
        Assert.Equal("event: queue", first[0]);
        Assert.Contains($"data-code=\"{code}\"", first[1]);
        AssertNoNumber(string.Join("\n", first));

        using var csv = await client.GetAsync("/console/health.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.StartsWith("figure,row,column,value", text);
        // One crisis: its cell is "<5", never "1".
        Assert.Contains("\"Crises in the last 28 days, by category and severity\",", text);
        Assert.Contains(",\"Imminent\",\"<5\"", text);
        Assert.DoesNotContain(",\"Imminent\",\"1\"", text);
        AssertNoNumber(text);
    }

    [Fact]
    public async Task Removing_a_volunteer_who_holds_a_case_returns_it_to_the_queue()
    {
        using var host = ConsoleSite.Host();
        var ana = await AnaOnCallAsync(host);
        var code = await CrisisFromAsync(host, Numbers[0]);
        var actions = host.Get<CoordinatorActions>();
        Assert.True((await actions.AssignAsync("test", code, ana.Id, default)).Ok);
        Assert.Equal("Ana", Assert.Single(await host.Get<ConsoleQueue>().RowsAsync(default)).HolderName);

        var removed = await actions.RemoveVolunteerAsync("test", ana.Id, default);

        Assert.True(removed.Ok);
        Assert.Contains(code, removed.Message);
        var row = Assert.Single(await host.Get<ConsoleQueue>().RowsAsync(default));
        Assert.Equal(EscalationStatus.Open, row.Status);
        Assert.Null(row.HolderId);
        Assert.Empty(await host.Get<VolunteerDirectory>().AllAsync(default));
        Assert.Contains(await host.Get<AuditLog>().RecentAsync(10, default), a => a.Action == "removed volunteer" && a.Detail!.Contains(code));
    }

    [Fact]
    public async Task Assigning_respects_language_and_cap_and_a_volunteer_past_the_limit_is_flagged_for_a_check_in()
    {
        using var host = ConsoleSite.Host(settings: new Dictionary<string, string?> { ["Console:UrgentCasesPerWeek"] = "2", ["Escalation:MaxActivePerVolunteer"] = "1" });
        var ana = await AnaOnCallAsync(host);
        var actions = host.Get<CoordinatorActions>();
        var first = await CrisisFromAsync(host, Numbers[0]);
        var second = await CrisisFromAsync(host, Numbers[1]);

        Assert.True((await actions.AssignAsync("test", first, ana.Id, default)).Ok);
        var full = await actions.AssignAsync("test", second, ana.Id, default);
        Assert.False(full.Ok);
        Assert.Contains("her cap", full.Message);
        Assert.Empty((await host.Get<WellbeingReport>().BuildAsync(default)).Single().Flags);

        Assert.True((await actions.CloseAsync("test", first, "safe", "talked it through", default)).Ok);
        Assert.True((await actions.AssignAsync("test", second, ana.Id, default)).Ok);

        var wellbeing = Assert.Single(await host.Get<WellbeingReport>().BuildAsync(default));
        Assert.Equal(2, wellbeing.Week.Cases);
        Assert.Equal(2, wellbeing.Week.Urgent);
        Assert.Contains("Ana: 2 urgent cases this week, consider a check-in.", wellbeing.Flags);
    }

    [Fact]
    public async Task Show_message_reveals_the_opening_text_with_numbers_masked_and_audits_the_reading()
    {
        using var host = ConsoleSite.Host();
        using var client = host.CreateClient();
        await new TwilioWebhook(client, BotTestHost.AuthToken, BotTestHost.PublicBaseUrl).SendAsync(Numbers[0], "i want to kill myself tonight call me at 555 123 0002");
        var code = (await host.Get<EscalationStore>().NotClosedAsync(default)).Single().Code;

        var text = await host.Get<CoordinatorActions>().RevealOpeningTextAsync("test", code, default);

        Assert.Equal("i want to kill myself tonight call me at [number hidden]", text);
        Assert.Contains(await host.Get<AuditLog>().RecentAsync(10, default), a => a.Action == "showed message" && a.Code == code);
    }

    [Fact]
    public void Small_counts_and_durations_from_few_cases_are_never_shown_exactly()
    {
        var counts = new AggregateTable("t", "T", "Day", ["n"], [new("a", [0]), new("b", [3]), new("c", [5])], Counts: true);
        Assert.Equal(["0", "<5", "5"], counts.Rows.Select(r => counts.Cell(r, 0)));
        Assert.Equal(5, counts.Plotted(counts.Rows[1], 0));
        var durations = new AggregateTable("d", "D", "Week", ["p50"], [new("w1", [2.5], Samples: 4), new("w2", [7.2], Samples: 5)], Counts: false, Unit: " min");
        Assert.Equal(["<5 cases", "7.2 min"], durations.Rows.Select(r => durations.Cell(r, 0)));
        Assert.Null(durations.Plotted(durations.Rows[0], 0));
        Assert.Contains("\"'=cmd\"", LineHealthCsv.Render([new AggregateTable("x", "X", "R", ["c"], [new("=cmd", [9])], Counts: true)]));
    }
}
