using BotService.Storage.AzureTables;
using BotService.Tests.Support;

namespace BotService.Tests.Volunteers;

/// <summary>Five volunteers answer the same page at the same instant: exactly one gets the case, every time.</summary>
public static class ClaimRace
{
    public const int Races = 100;
    public const int Claimants = 5;

    public static async Task RunAsync(EscalationHarness h)
    {
        var phones = Enumerable.Range(0, Claimants).Select(i => $"+1555777{i:D4}").ToArray();
        foreach (var (phone, i) in phones.Select((p, i) => (p, i))) await h.AddVolunteerAsync("V" + i, phone);

        for (var race = 0; race < Races; race++)
        {
            var member = $"+1555888{race:D4}";
            await h.CrisisAsync(member);
            var code = await h.OpenCodeAsync(member);
            using var start = new Barrier(Claimants);
            var replies = await Task.WhenAll(phones.Select(phone => Task.Run(() =>
            {
                start.SignalAndWait();
                return h.VolunteerSays(phone, "CLAIM " + code);
            })));

            var won = EscalationHarness.Text("escalation.claim_won", ("code", code), ("max", 1000));
            var winners = replies.Count(r => r!.Messages[0] == won);
            var losers = replies.Count(r => r!.Messages[0] == EscalationHarness.Text("escalation.claim_taken", ("code", code)));
            Assert.True(winners == 1, $"race {race}: {winners} winners");
            Assert.True(Claimants - 1 == losers, $"race {race}: " + string.Join(" / ", replies.Select(r => r!.Messages[0])));
            var record = await h.Escalations.GetAsync(code, default);
            Assert.Equal(BotService.Volunteers.EscalationStatus.Claimed, record!.Status);
            var winnerIndex = Array.FindIndex(replies, r => r!.Messages[0] == won);
            Assert.Equal((await h.Volunteers.FindBySenderAsync("sms", phones[winnerIndex], default))!.Id, record.ClaimedBy);
        }
    }

    public static Dictionary<string, string?> Settings => new() { ["Escalation:MaxActivePerVolunteer"] = "1000" };
}

public class ClaimRaceSqliteTests
{
    [Fact]
    public async Task One_hundred_races_of_five_claims_on_sqlite_have_exactly_one_winner_each()
    {
        using var h = new EscalationHarness(settings: ClaimRace.Settings);
        await ClaimRace.RunAsync(h);
    }
}

[Collection("Azurite")]
public class ClaimRaceAzuriteTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task One_hundred_races_of_five_claims_on_azurite_have_exactly_one_winner_each()
    {
        // The escalation tables have fixed names: start from an empty account so volunteers other classes registered
        // (under their own privacy keys) are not paged here.
        await azurite.ClearAllTablesAsync();
        using var h = new EscalationHarness(new AzureTableStore(azurite.ConnectionString), ClaimRace.Settings);
        await ClaimRace.RunAsync(h);
    }
}
