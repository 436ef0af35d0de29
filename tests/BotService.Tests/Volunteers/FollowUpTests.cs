using BotService.Members;
using BotService.Safety;
using BotService.Storage;
using BotService.Volunteers;

namespace BotService.Tests.Volunteers;

public class FollowUpTests
{
    private const string Ana = "+15557770001";
    private const string Member = "+15551230042";

    [Fact]
    public async Task Volunteer_closes_a_case_member_gets_one_gentle_text_the_next_day_and_no_more()
    {
        using var h = new EscalationHarness();
        var followUps = h.Get<FollowUpScheduler>();
        await h.AddVolunteerAsync("Ana", Ana);
        await h.CrisisAsync(Member);
        await h.VolunteerSays(Ana, "CLAIM " + await h.OpenCodeAsync(Member));
        await h.VolunteerSays(Ana, "DONE safe");
        var request = Assert.Single(h.FollowUps.Requests);
        // The harness records the request; hand it to the real scheduler as the host would.
        await followUps.RequestFollowUpAsync(new FollowUpRequest(request.MemberKey, "sms", Member, "en", request.DueAt), default);

        var before = h.Outbox.Sent.Count;
        Assert.Equal(0, await followUps.SendDueAsync(default));
        h.Clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await followUps.SendDueAsync(default));
        h.Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(1, await followUps.SendDueAsync(default));
        var sent = h.Outbox.Sent.Skip(before).Single();
        Assert.Equal(Member, sent.RecipientAddress);
        Assert.Equal(EscalationHarness.Text("escalation.member_followup"), sent.Body);
        h.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, await followUps.SendDueAsync(default));
    }

    [Fact]
    public async Task A_follow_up_due_at_night_waits_for_the_morning_and_is_stored_without_her_number()
    {
        using var h = new EscalationHarness();
        var followUps = h.Get<FollowUpScheduler>();
        // 04:00 UTC = 22:00 in Chicago (the line's default zone): inside quiet hours.
        var dueAtNight = new DateTimeOffset(2026, 3, 3, 4, 0, 0, TimeSpan.Zero);
        await followUps.RequestFollowUpAsync(new FollowUpRequest(h.MemberKey(Member), "sms", Member, "en", dueAtNight), default);

        var row = Assert.Single(await h.Store.GetTable<FollowUpRow>(FollowUpRow.TableName).QueryPartitionAllAsync(FollowUpRow.Partition).ToListAsync());
        Assert.DoesNotContain("5551230042", row.EncryptedAddress);
        var local = TimeZoneInfo.ConvertTime(row.DueAt, TimeZoneInfo.FindSystemTimeZoneById("America/Chicago"));
        Assert.Equal(new TimeOnly(8, 0), TimeOnly.FromDateTime(local.DateTime));
    }

    [Fact]
    public async Task A_member_silenced_by_her_code_word_or_who_erased_her_data_gets_no_follow_up()
    {
        using var h = new EscalationHarness();
        var followUps = h.Get<FollowUpScheduler>();
        var silenced = "+15551230043";
        await h.Store.GetTable<MemberProfile>(MemberProfile.TableName).InsertAsync(new MemberProfile
        {
            PartitionKey = h.MemberKey(silenced), RowKey = MemberProfile.ProfileRowKey, SilencedUntil = h.Clock.GetUtcNow().AddDays(3),
        });
        var due = h.Clock.GetUtcNow().AddHours(1);
        await followUps.RequestFollowUpAsync(new FollowUpRequest(h.MemberKey(silenced), "sms", silenced, "en", due), default);
        await followUps.RequestFollowUpAsync(new FollowUpRequest(h.MemberKey(Member), "sms", Member, "en", due), default);
        await followUps.EraseAsync(h.MemberKey(Member), default);

        h.Clock.Advance(TimeSpan.FromHours(2));
        var before = h.Outbox.Sent.Count;
        Assert.Equal(0, await followUps.SendDueAsync(default));
        Assert.Equal(before, h.Outbox.Sent.Count);
    }
}

public class PagingWithAnUnreadableVolunteerTests
{
    [Fact]
    public async Task A_volunteer_saved_under_another_key_is_skipped_and_everyone_else_is_still_paged()
    {
        var store = new BotService.Storage.Sqlite.SqliteTableStore(Path.Combine(Directory.CreateTempSubdirectory("esc-keys").FullName, "bot.db"));
        // Two harnesses over one store, each with its own privacy keys: the first one's volunteer is unreadable to the second.
        using var before = new EscalationHarness(store);
        await before.AddVolunteerAsync("Ana", "+15557770001");
        using var after = new EscalationHarness(store);
        await after.AddVolunteerAsync("Bea", "+15557770002");

        Assert.Equal(PeerAvailability.Paged, await after.CrisisAsync("+15551230099"));
        Assert.Single(after.Outbox.To("+15557770002"));
        Assert.Empty(after.Outbox.To("+15557770001"));
    }
}
