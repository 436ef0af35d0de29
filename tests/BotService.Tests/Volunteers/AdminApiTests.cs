using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Safety;
using BotService.Safety.CrisisDetection;
using BotService.Tests.Support;
using BotService.Volunteers;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Volunteers;

public class AdminApiTests
{
    private const string Key = "test-admin-key-1234567890";

    private static BotTestHost Host(string? apiKey, RecordingOutbox? outbox = null, Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? []);
        if (apiKey is not null) settings.TryAdd("Admin:ApiKey", apiKey);
        return new BotTestHost { Environment = "Production", Outbox = outbox ?? new RecordingOutbox(), Settings = settings };
    }

    private static HttpClient Client(BotTestHost host, string? key = Key)
    {
        var client = host.CreateClient();
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    [Fact]
    public async Task Without_a_configured_key_every_admin_call_is_refused()
    {
        await using var host = Host(apiKey: null);
        var client = Client(host, "anything");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/admin/volunteers")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = "+15557770001" })).StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-key")]
    [InlineData("test-admin-key-123456789")]
    public async Task Missing_or_wrong_key_is_401(string? key)
    {
        await using var host = Host(Key);
        var client = Client(host, key);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/volunteers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/escalations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.DeleteAsync("/admin/volunteers/0123456789abcdef")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = "+15557770001" })).StatusCode);
    }

    [Fact]
    public async Task Add_list_and_delete_volunteers_without_ever_showing_a_number()
    {
        await using var host = Host(Key);
        var client = Client(host);

        var bad = await client.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = "12345" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("phone", await bad.Content.ReadAsStringAsync());

        var created = await client.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = "(555) 777-0001", languages = new[] { "en", "es" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = "+15557770001" })).StatusCode);

        var list = await client.GetStringAsync("/admin/volunteers");
        Assert.Contains("\"Ana\"", list);
        Assert.Contains("\"phoneEnding\":\"01\"", list);
        Assert.DoesNotContain("7770001", list);
        Assert.DoesNotContain("777", list);

        // She is found as a volunteer by her texts.
        var router = host.Services.GetRequiredService<IVolunteerRouter>();
        Assert.NotNull(await router.TryHandleVolunteerAsync(new InboundMessage("sms", "+15557770001", "ON", "SM1", DateTimeOffset.UtcNow), default, default));

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/admin/volunteers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/admin/volunteers/{id}")).StatusCode);
        Assert.Equal("[]", await client.GetStringAsync("/admin/volunteers"));
        Assert.Null(await router.TryHandleVolunteerAsync(new InboundMessage("sms", "+15557770001", "ON", "SM2", DateTimeOffset.UtcNow), default, default));
    }

    [Fact]
    public async Task Escalations_list_has_history_and_percentiles_but_no_text_and_no_numbers()
    {
        await using var host = Host(Key);
        var client = Client(host);
        await client.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = "+15557770001" });
        var router = host.Services.GetRequiredService<IVolunteerRouter>();
        var escalation = host.Services.GetRequiredService<ICrisisEscalation>();
        var hasher = host.Services.GetRequiredService<KeyedHasher>();
        await router.TryHandleVolunteerAsync(new InboundMessage("sms", "+15557770001", "ON", "SM1", DateTimeOffset.UtcNow), default, default);

        for (var i = 0; i < 3; i++)
        {
            var member = $"+1555123000{i}";
            Assert.Equal(PeerAvailability.Paged, await escalation.EscalateAsync(new CrisisEscalationRequest(hasher.PhoneKey(member), "sms", member, "en",
                new CrisisAssessment(CrisisSeverity.Imminent, CrisisCategory.Suicide, "en", "x"), "secret words i want to die", DateTimeOffset.UtcNow), default));
        }
        var store = host.Services.GetRequiredService<EscalationStore>();
        var code = (await store.MemberOpenCodeAsync(hasher.PhoneKey("+15551230000"), default))!;
        await router.TryHandleVolunteerAsync(new InboundMessage("sms", "+15557770001", "CLAIM " + code, "SM2", DateTimeOffset.UtcNow), default, default);
        await router.TryHandleVolunteerAsync(new InboundMessage("sms", "+15557770001", "ok hi", "SM3", DateTimeOffset.UtcNow), default, default);
        await router.TryHandleVolunteerAsync(new InboundMessage("sms", "+15557770001", "DONE safe", "SM4", DateTimeOffset.UtcNow), default, default);

        var json = await client.GetStringAsync("/admin/escalations");

        Assert.DoesNotContain("secret", json);
        Assert.DoesNotContain("ok hi", json);
        // Whole subscriber numbers, not "555": timestamps and durations may contain any three digits.
        foreach (var digits in new[] { "5551230000", "5551230001", "5551230002", "5557770001" })
            Assert.DoesNotContain(digits, json);
        Assert.DoesNotContain("v1:", json);
        var doc = JsonDocument.Parse(json).RootElement;
        Assert.Equal(3, doc.GetProperty("escalations").GetArrayLength());
        var metrics = doc.GetProperty("metrics");
        foreach (var name in new[] { "timeToFirstPage", "timeToClaim", "timeToClose" })
        {
            Assert.True(metrics.GetProperty(name).TryGetProperty("p50Seconds", out _));
            Assert.True(metrics.GetProperty(name).TryGetProperty("p90Seconds", out _));
        }
        Assert.Equal(3, metrics.GetProperty("timeToFirstPage").GetProperty("samples").GetInt32());
        Assert.Equal(1, metrics.GetProperty("timeToClose").GetProperty("samples").GetInt32());
        var closed = doc.GetProperty("escalations").EnumerateArray().Single(e => e.GetProperty("code").GetString() == code);
        Assert.Equal(["Opened", "Paged", "Claimed", "Relayed", "Closed"], closed.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
    }

    [Fact]
    public void A_bad_escalation_setting_stops_startup_naming_the_key()
    {
        using var host = Host(Key, extra: new() { ["Escalation:OperatingHours"] = "9 to 5" });
        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Escalation:OperatingHours", error.ToString());
    }

    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        var p = Percentiles.Of(Enumerable.Range(1, 10).Select(i => (TimeSpan?)TimeSpan.FromSeconds(i)).Append(null));
        Assert.Equal(10, p.Samples);
        Assert.Equal(5, p.P50Seconds);
        Assert.Equal(9, p.P90Seconds);
        Assert.Null(Percentiles.Of([]).P50Seconds);
    }
}
