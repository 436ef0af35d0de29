using BotService.CheckIns;
using BotService.Members;
using BotService.Messaging;
using BotService.Privacy;
using BotService.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotService.Tests.CheckIns;

/// <summary>AddCheckInScheduling inside the real host (SQLite default).</summary>
public class CheckInRegistrationTests
{
    // The host registers the table outbox; the test replaces it (or removes it to see the scheduler stay off).
    private static BotTestHost Host(Dictionary<string, string?> extra, bool withOutbox) => new()
    {
        Environment = "Production",
        Settings = extra,
        Outbox = withOutbox ? new RecordingOutbox() : null,
        Overrides = withOutbox ? null : s => s.RemoveAll<IOutbox>(),
    };

    [Fact]
    public async Task Host_wires_the_scheduler_the_listener_and_the_dialog_api()
    {
        await using var host = Host(new() { ["CheckIns:ReminderAfter"] = "01:30:00" }, withOutbox: true);
        var services = host.Services;
        Assert.Equal(TimeSpan.FromMinutes(90), services.GetRequiredService<IOptions<CheckInOptions>>().Value.ReminderAfter);
        Assert.Contains(services.GetServices<IHostedService>(), s => s is CheckInScheduler);
        Assert.Contains(services.GetServices<IMemberScheduleListener>(), l => l is CheckInIndex);
        Assert.NotNull(services.GetRequiredService<CheckInLedger>());
        Assert.False(await services.GetRequiredService<IOptOutLookup>().IsOptedOutAsync("x", CancellationToken.None));
        Assert.False(services.GetRequiredService<QuietHoursPolicy>().IsAllowedCheckInTime(new TimeOnly(22, 0), null).Allowed);
        Assert.Equal("LedgerOpenCheckInLookup", services.GetRequiredService<IOpenCheckInLookup>().GetType().Name);
        var decision = services.GetRequiredService<QuietHoursPolicy>().IsAllowedCheckInTime(new TimeOnly(7, 30), null);
        Assert.False(decision.Allowed);
        Assert.Equal(new TimeOnly(8, 0), decision.FirstAllowed);
        Assert.Contains(services.GetServices<IMemberDataEraser>(), e => e.GetType().Name == "CheckInDataEraser");
    }

    [Fact]
    public void Bad_settings_stop_the_host_and_name_the_key()
    {
        using var host = Host(new() { ["CheckIns:QuietHours"] = "23:00-06:00", ["CheckIns:TickInterval"] = "00:01:00" }, withOutbox: true);
        var error = Assert.ThrowsAny<Exception>(() => host.Services);
        var all = error.ToString();
        Assert.Contains("CheckIns:QuietHours", all, StringComparison.Ordinal);
        Assert.Contains("CheckIns:TickInterval", all, StringComparison.Ordinal);
    }
}
