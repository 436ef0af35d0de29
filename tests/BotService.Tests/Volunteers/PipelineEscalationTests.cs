using System.Net.Http.Json;
using BotService.Tests.Support;

namespace BotService.Tests.Volunteers;

/// <summary>
/// A member and two volunteers texting the real host through the signed Twilio webhook, on each store; only the
/// outbox is recorded (what would leave by Twilio's REST API).
/// </summary>
public abstract class PipelineEscalationTests : IAsyncLifetime
{
    private const string AuthToken = BotTestHost.AuthToken;
    private const string PublicBaseUrl = BotTestHost.PublicBaseUrl;
    private const string Member = "+15551230001";
    private const string Ana = "+15557770001";
    private const string Bea = "+15557770002";

    /// <summary>The emulator to run on, or null for the default SQLite file.</summary>
    protected abstract AzuriteFixture? Azurite { get; }

    /// <summary>Runs before each test (the Azurite store is shared: start from empty tables).</summary>
    public virtual Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    protected (BotTestHost Host, TwilioWebhook Sms, RecordingOutbox Outbox) StartHost()
    {
        var outbox = new RecordingOutbox();
        var host = new BotTestHost
        {
            Environment = "Production",
            Azurite = Azurite,
            Outbox = outbox,
            Settings = new Dictionary<string, string?> { ["Admin:ApiKey"] = "k" },
        };
        return (host, new TwilioWebhook(host.CreateClient(), AuthToken, PublicBaseUrl), outbox);
    }

    [Fact]
    public async Task A_crisis_at_the_end_of_a_huge_text_still_gets_the_safety_reply_and_a_case()
    {
        // Twilio caps an SMS at 1,600 characters, but a signed webhook may carry up to the 64 KiB the filter allows, and
        // the text is stored with the case: the safety reply must not depend on its size.
        var (host, sms, _) = StartHost();
        await using var __ = host;
        var padding = string.Concat(Enumerable.Repeat("so tired of all of it. ", 1_400));

        var reply = await sms.SendAsync(Member, padding + "i want to kill myself tonight");

        Assert.Contains("988", reply[0]);
        Assert.Equal(EscalationHarness.Text("safety.peer_unavailable"), reply[1]);
    }

    [Fact]
    public async Task Crisis_at_first_contact_claim_race_relay_both_ways_and_done()
    {
        var (host, sms, outbox) = StartHost();
        await using var _ = host;
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", "k");
        (await admin.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = Ana })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync("/admin/volunteers", new { name = "Bea", phone = Bea })).EnsureSuccessStatusCode();

        // volunteers: ON / bot: you're on call
        Assert.Contains("on call", (await sms.SendAsync(Ana, "ON"))[0]);
        await sms.SendAsync(Bea, "ON");

        // member (first text ever): a crisis / bot: safety reply with 988, and that a peer is being asked
        var safety = await sms.SendAsync(Member, "i want to kill myself tonight");
        Assert.Contains("988", safety[0]);
        Assert.Equal(EscalationHarness.Text("safety.peer_paged"), safety[1]);
        var page = outbox.To(Ana).Single();
        Assert.DoesNotContain("1230001", page.Body);
        var code = page.Body.Split("CLAIM ")[1].Trim();

        // both volunteers claim at once: exactly one wins
        var claims = await Task.WhenAll(sms.SendAsync(Ana, "CLAIM " + code), sms.SendAsync(Bea, "CLAIM " + code));
        var taken = EscalationHarness.Text("escalation.claim_taken", ("code", code));
        Assert.Single(claims, c => c[0] != taken);
        var (winner, winnerName) = claims[0][0] != taken ? (Ana, "Ana") : (Bea, "Bea");
        Assert.Contains("kill myself", claims[winner == Ana ? 0 : 1][2]);

        // volunteer texts / member receives it from the bot's number, prefixed with her name
        Assert.Empty(await sms.SendAsync(winner, "I'm here with you. Where are you?"));
        Assert.Equal($"{winnerName} (peer): I'm here with you. Where are you?", outbox.To(Member)[^1].Body);

        // member (still not onboarded) replies / her volunteer receives it with the code
        Assert.Empty(await sms.SendAsync(Member, "at home"));
        Assert.Equal($"{code}: at home", outbox.To(winner)[^1].Body);

        // volunteer: DONE safe / member gets the closing text
        Assert.Contains(code, (await sms.SendAsync(winner, "DONE safe"))[0]);
        Assert.Equal(EscalationHarness.Text("escalation.member_closing_suicide"), outbox.To(Member)[^1].Body);
        foreach (var m in outbox.Sent)
        {
            if (m.RecipientAddress != Member) Assert.DoesNotContain("1230001", m.Body);
            if (m.RecipientAddress != Ana) Assert.DoesNotContain("7770001", m.Body);
            if (m.RecipientAddress != Bea) Assert.DoesNotContain("7770002", m.Body);
        }
    }

    [Fact]
    public async Task Nobody_on_call_the_member_is_told_honestly_and_the_first_volunteer_to_come_on_is_paged()
    {
        var (host, sms, outbox) = StartHost();
        await using var _ = host;
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", "k");
        (await admin.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = Ana })).EnsureSuccessStatusCode();

        var safety = await sms.SendAsync(Member, "no reason to live anymore");
        Assert.Contains("988", safety[0]);
        Assert.Equal(EscalationHarness.Text("safety.peer_unavailable"), safety[1]);
        Assert.Empty(outbox.To(Ana));

        // Ana: ON / bot: one summary of what is waiting, not a page per case
        var on = (await sms.SendAsync(Ana, "ON"))[0];
        Assert.Contains("1 waiting", on);
        Assert.Contains("Reply CLAIM ", on);
        Assert.Empty(outbox.To(Ana));
    }
}

public sealed class SqlitePipelineEscalationTests : PipelineEscalationTests
{
    protected override AzuriteFixture? Azurite => null;
}

[Collection("Azurite")]
public sealed class AzuritePipelineEscalationTests(AzuriteFixture azurite) : PipelineEscalationTests
{
    protected override AzuriteFixture? Azurite => azurite;

    public override Task InitializeAsync() => azurite.ClearAllTablesAsync();

    [Fact]
    public async Task With_table_storage_stopped_a_crisis_text_still_gets_the_safety_reply_and_twilio_sees_no_error()
    {
        var (host, sms, _) = StartHost();
        await using var _ = host;
        await sms.SendAsync("+15551230077", "hi");
        azurite.Stop();
        try
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            // TwilioWebhook asserts the 200 and the TwiML content type.
            var reply = await sms.SendAsync("+15551230077", "i took too many pills");
            Assert.Contains("911", reply[0]);
            Assert.Equal(EscalationHarness.Text("safety.peer_unavailable"), reply[1]);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(15), $"took {started.Elapsed}: Twilio gives up at 15 s");
        }
        finally
        {
            await azurite.StartAsync();
        }
    }
}
