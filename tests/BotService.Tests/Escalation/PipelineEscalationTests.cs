using System.Net.Http.Json;
using System.Security.Cryptography;
using BotService.Conversation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Escalation;

/// <summary>The whole turn pipeline in the real host (SQLite), with only the outbox recorded: until the SMS webhook
/// lands on main this drives <see cref="ITurnHandler"/> directly, as the webhook will.</summary>
public class PipelineEscalationTests
{
    private const string Member = "+15551230001";
    private const string Ana = "+15557770001";
    private const string Bea = "+15557770002";

    // Fails on main today at the member's reply: TurnPipeline calls TryRelayFromMemberAsync only for Active members,
    // so a woman in crisis at first contact (still Onboarding) gets the onboarding welcome instead of her volunteer.
    // Un-skip when the pipeline relays for any member with a claimed escalation.
    [Fact(Skip = "TurnPipeline relays only Active members; a first-contact crisis member cannot reach her volunteer")]
    public async Task Crisis_at_first_contact_claim_relay_both_ways_and_done()
    {
        var outbox = new RecordingOutbox();
        await using var host = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Production");
            b.UseSetting("Storage:Sqlite:Path", Path.Combine(Directory.CreateTempSubdirectory("escpipe").FullName, "bot.db"));
            b.UseSetting("Privacy:HashKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            b.UseSetting("Privacy:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            b.UseSetting("Admin:ApiKey", "k");
            b.ConfigureTestServices(s => s.AddSingleton<IOutbox>(outbox));
        });
        var admin = host.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", "k");
        await admin.PostAsJsonAsync("/admin/volunteers", new { name = "Ana", phone = Ana });
        await admin.PostAsJsonAsync("/admin/volunteers", new { name = "Bea", phone = Bea });
        var turns = host.Services.GetRequiredService<ITurnHandler>();
        var n = 0;
        Task<TurnReply> Say(string from, string text) =>
            turns.HandleTurnAsync(new InboundMessage(BotService.Conversation.Channels.Sms, from, text, "SM" + ++n, DateTimeOffset.UtcNow), default);

        Assert.Contains("on call", (await Say(Ana, "ON")).Messages[0]);
        await Say(Bea, "ON");

        var safety = await Say(Member, "i want to kill myself tonight");
        Assert.Contains("988", safety.Messages[0]);
        Assert.Equal(EscalationHarness.Text("safety.peer_paged"), safety.Messages[1]);
        var page = outbox.To(Ana).Single();
        var code = page.Body.Split("CLAIM ")[1].Trim();

        var claim = await Say(Ana, "CLAIM " + code);
        Assert.Contains("kill myself", claim.Messages[1]);
        Assert.Equal(EscalationHarness.Text("escalation.claim_taken", ("code", code)), (await Say(Bea, "CLAIM " + code)).Messages[0]);

        Assert.Empty((await Say(Ana, "I'm here with you. Where are you?")).Messages);
        Assert.Equal("Ana (peer): I'm here with you. Where are you?", outbox.To(Member)[^1].Body);

        Assert.Empty((await Say(Member, "at home")).Messages);
        Assert.Equal($"{code}: at home", outbox.To(Ana)[^1].Body);

        Assert.Contains(code, (await Say(Ana, "DONE safe")).Messages[0]);
        Assert.Equal(EscalationHarness.Text("escalation.member_closing"), outbox.To(Member)[^1].Body);
        foreach (var m in outbox.Sent)
        {
            if (m.RecipientAddress != Member) Assert.DoesNotContain("1230001", m.Body);
            if (m.RecipientAddress != Ana) Assert.DoesNotContain("7770001", m.Body);
        }
    }
}
