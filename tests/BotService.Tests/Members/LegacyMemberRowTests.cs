using System.Security.Cryptography;
using BotService.Members;
using BotService.Privacy;
using BotService.Storage;
using BotService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Members;

/// <summary>
/// Rows written before the member row held the opt-out and the dialog state (layout 0: <c>optouts</c>,
/// <c>dialogstate</c>) on a live line, on Azurite: they are read, and migrated by her next turn that writes.
/// </summary>
[Collection("Azurite")]
public sealed class LegacyMemberRowTests(AzuriteFixture azurite)
{
    private const string AuthToken = BotTestHost.AuthToken;
    private const string PublicBaseUrl = BotTestHost.PublicBaseUrl;

    // Two hosts built by this share the keys, as two instances of one deployment do.
    private BotTestHost Host() => new() { Environment = "Production", Azurite = azurite, HashKey = HashKey, EncryptionKey = EncryptionKey };

    private static readonly byte[] HashKey = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] EncryptionKey = RandomNumberGenerator.GetBytes(32);

    /// <summary>What the old code wrote for an onboarded member: her profile without the folded columns.</summary>
    private static MemberProfile OldProfile(string key) => new()
    {
        PartitionKey = key, RowKey = MemberProfile.ProfileRowKey, Status = MemberStatus.Active, Language = "en",
        TimeZone = "America/Chicago", CheckInMinuteOfDay = 9 * 60, ConsentedAt = DateTimeOffset.UtcNow.AddDays(-30),
    };

    [Fact]
    public async Task A_member_who_opted_out_before_the_change_stays_opted_out_until_she_texts_start()
    {
        await azurite.ClearAllTablesAsync();
        await using var host = Host();
        var webhook = new TwilioWebhook(host.CreateClient(), AuthToken, PublicBaseUrl);
        var store = host.Services.GetRequiredService<ITableStore>();
        var phone = "+13125550161";
        var key = host.Services.GetRequiredService<KeyedHasher>().PhoneKey(phone);
        await store.GetTable<MemberProfile>(MemberProfile.TableName).InsertAsync(OldProfile(key));
        await store.GetTable<LegacyOptOutRow>(LegacyOptOutRow.TableName)
            .InsertAsync(new LegacyOptOutRow { PartitionKey = key, RowKey = LegacyOptOutRow.OptOutRowKey, OptedOutAt = DateTimeOffset.UtcNow.AddDays(-2) });

        var lookup = host.Services.GetRequiredService<IOptOutLookup>();
        Assert.True(await lookup.IsOptedOutAsync(key, default));
        Assert.Empty(await webhook.SendAsync(phone, "MENU"));
        Assert.Empty(await webhook.SendAsync(phone, "how are you"));
        Assert.True(await lookup.IsOptedOutAsync(key, default));

        // A second STOP migrates nothing away: still out, her row now says so itself.
        Assert.NotEmpty(await webhook.SendAsync(phone, "STOP"));
        var row = await store.GetTable<MemberProfile>(MemberProfile.TableName).GetAsync(key, MemberProfile.ProfileRowKey);
        Assert.NotNull(row!.OptedOutAt);
        Assert.Equal(MemberProfile.CurrentLayout, row.RowLayout);
        Assert.Empty(await webhook.SendAsync(phone, "MENU"));

        Assert.NotEmpty(await webhook.SendAsync(phone, "START"));
        Assert.False(await lookup.IsOptedOutAsync(key, default));
        Assert.Null(await store.GetTable<LegacyOptOutRow>(LegacyOptOutRow.TableName).GetAsync(key, LegacyOptOutRow.OptOutRowKey));
        Assert.NotEmpty(await webhook.SendAsync(phone, "MENU"));
    }

    [Fact]
    public async Task A_stop_sent_through_another_instance_holds_on_this_one_although_it_kept_her_row()
    {
        await azurite.ClearAllTablesAsync();
        await using var first = Host();
        await using var second = Host();
        var (a, b) = (first.CreateClient(), second.CreateClient());
        var sid = 0;
        // One MessageSid sequence for both: each TwilioWebhook would start its own at 1, and the second instance would
        // answer a repeated id from the idempotency record instead of running the turn.
        async Task<IReadOnlyList<string>> Send(HttpClient instance, string body)
        {
            using var request = BotService.Channels.Twilio.TwilioInboundRequest.Create(AuthToken, PublicBaseUrl,
                BotService.Channels.Twilio.TwilioInboundRequest.Form($"SM{++sid:D32}", "+13125550164", body));
            using var response = await instance.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Elements("Message").Select(m => m.Value).ToList();
        }

        // Instance A commits two turns for her, so it keeps her row...
        Assert.NotEmpty(await Send(a, "hello"));
        Assert.NotEmpty(await Send(a, "MENU"));
        // ...she texts STOP and it reaches instance B...
        Assert.NotEmpty(await Send(b, "STOP"));
        // ...and A, starting from its copy, must not answer: its write fails on the ETag and the re-run sees the STOP.
        Assert.Empty(await Send(a, "MENU"));
        Assert.Empty(await Send(a, "hello"));

        Assert.NotEmpty(await Send(b, "START"));
        Assert.NotEmpty(await Send(a, "hello"));
    }

    [Fact]
    public async Task A_member_mid_dialog_before_the_change_continues_it_and_her_old_rows_are_folded_into_one()
    {
        await azurite.ClearAllTablesAsync();
        await using var host = Host();
        var webhook = new TwilioWebhook(host.CreateClient(), AuthToken, PublicBaseUrl);
        var store = host.Services.GetRequiredService<ITableStore>();
        var hasher = host.Services.GetRequiredService<KeyedHasher>();
        var profiles = store.GetTable<MemberProfile>(MemberProfile.TableName);
        var states = store.GetTable<DialogStateRow>(DialogStateRow.TableName);

        // The dialog state of a member who was just asked for her mood (from a member on the new layout)...
        var now = "+13125550162";
        var nowKey = hasher.PhoneKey(now);
        await profiles.InsertAsync(OldProfile(nowKey));
        await webhook.SendAsync(now, "CHECKIN");
        var asked = (await profiles.GetAsync(nowKey, MemberProfile.ProfileRowKey))!.DialogState!;
        var urgeQuestion = await webhook.SendAsync(now, "3");

        // ...stored the old way for another member: profile without it, state in its own table.
        var old = "+13125550163";
        var oldKey = hasher.PhoneKey(old);
        await profiles.InsertAsync(OldProfile(oldKey));
        await states.InsertAsync(new DialogStateRow { PartitionKey = oldKey, RowKey = DialogStateRow.StateRowKey, StateJson = asked, LastActivityUtc = DateTimeOffset.UtcNow });

        Assert.Equal(urgeQuestion, await webhook.SendAsync(old, "3"));
        var migrated = (await profiles.GetAsync(oldKey, MemberProfile.ProfileRowKey))!;
        Assert.Equal(MemberProfile.CurrentLayout, migrated.RowLayout);
        Assert.NotNull(migrated.DialogState);
        Assert.Null(migrated.OptedOutAt);
        Assert.Null(migrated.CaseFlaggedAt);
        Assert.Null(await states.GetAsync(oldKey, DialogStateRow.StateRowKey));
        Assert.False(await host.Services.GetRequiredService<IOptOutLookup>().IsOptedOutAsync(oldKey, default));
    }
}
