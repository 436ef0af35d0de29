using BotService.CoordinatorConsole;
using BotService.Volunteers;

namespace BotService.Tests.Console;

/// <summary>The coordinator changes the operating hours and her own number from the console, and paging follows at once.</summary>
public sealed class ConsoleLineSettingsTests
{
    private const string Coordinator = "+15559990123";

    [Fact]
    public async Task Hours_set_in_the_console_decide_whether_anyone_is_paged()
    {
        using var host = ConsoleSite.Host();
        var actions = host.Get<CoordinatorActions>();
        var pager = host.Get<EscalationPager>();
        Assert.True((await actions.AddVolunteerAsync("test", "Ana", "+15557770001", "en", default)).Ok);
        var ana = (await host.Get<VolunteerDirectory>().AllAsync(default)).Single();
        Assert.True((await actions.SetOnCallAsync("test", ana.Id, true, default)).Ok);
        Assert.True(await pager.AnyoneAvailableAsync(default));

        // A window that starts two hours from now, in the line's zone: the line is closed now.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(host.Get<Microsoft.Extensions.Options.IOptions<EscalationOptions>>().Value.TimeZone);
        var hour = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).Hour;
        var closed = $"{(hour + 2) % 24:D2}:00-{(hour + 3) % 24:D2}:00";
        Assert.True((await actions.SetLineAsync("test", closed, null, default)).Ok);
        Assert.False(await pager.AnyoneAvailableAsync(default));

        Assert.False((await actions.SetLineAsync("test", "9 to 5", null, default)).Ok);
        Assert.True((await actions.SetLineAsync("test", "00:00-24:00", null, default)).Ok);
        Assert.True(await pager.AnyoneAvailableAsync(default));
    }

    [Fact]
    public async Task The_coordinator_s_number_is_set_and_cleared_and_stored_only_encrypted()
    {
        using var host = ConsoleSite.Host();
        var actions = host.Get<CoordinatorActions>();
        var pager = host.Get<EscalationPager>();
        Assert.False(await pager.HasCoordinatorAsync(default));

        var saved = await actions.SetLineAsync("test", null, "(555) 999-0123", default);
        Assert.True(saved.Ok);
        Assert.True(await pager.HasCoordinatorAsync(default));
        Assert.True((await host.Get<LineSettingsStore>().CurrentAsync(default)).CoordinatorPhone == Coordinator);

        var row = await host.Store.GetTable<LineSettingsRow>(LineSettingsRow.TableName).GetAsync(LineSettingsRow.Key, LineSettingsRow.Key);
        Assert.NotNull(row?.CoordinatorPhoneCipher);
        Assert.DoesNotContain("9990123", System.Text.Json.JsonSerializer.Serialize(row));
        var audit = await host.Get<AuditLog>().RecentAsync(10, default);
        Assert.DoesNotContain(audit, a => System.Text.Json.JsonSerializer.Serialize(a).Contains("9990123", StringComparison.Ordinal));

        Assert.True((await actions.SetLineAsync("test", null, "", default)).Ok);
        Assert.False(await pager.HasCoordinatorAsync(default));
    }
}
