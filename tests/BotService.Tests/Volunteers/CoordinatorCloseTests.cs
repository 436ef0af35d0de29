using System.Net;
using System.Net.Http.Json;
using BotService.Tests.Support;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

public sealed class CoordinatorCloseTests
{
    private const string Member = "+15551230001";
    private const string Ana = "+15557770001";

    [Fact]
    public async Task The_coordinator_dismisses_a_claimed_case_with_a_reason_the_volunteer_is_freed_and_nothing_of_hers_stays()
    {
        await using var host = SafetyLine.Host();
        await host.AddVolunteerAsync("Ana", Ana);
        await host.Texts(Member, "i want to kill myself tonight");
        var code = host.CodeFrom(Ana);
        await host.Texts(Ana, "CLAIM " + code);
        host.Outbox!.Clear();
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", "k");

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/admin/escalations/{code}/close", new { reason = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/admin/escalations/{code}/close", new { reason = "duplicate of a call" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/admin/escalations/{code}/close", new { reason = "again" })).StatusCode);

        var record = (await host.Get<EscalationStore>().GetAsync(code, default))!;
        Assert.Equal((EscalationStatus.Closed, EscalationOutcome.Dismissed, "duplicate of a call"), (record.Status, record.Outcome, record.CloseReason));
        Assert.Null(record.EncryptedText);
        Assert.Equal([SafetyLine.Text("escalation.closed_by_coordinator", ("code", code))], await host.Reaches(Ana));
        Assert.Empty(await host.Get<EscalationStore>().VolunteerCasesAsync((await host.Get<VolunteerDirectory>().AllAsync(default))[0].Id, default));
        Assert.Contains("duplicate of a call", await admin.GetStringAsync("/admin/escalations"));
    }
}
