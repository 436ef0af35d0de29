using BotService.Messaging.Outbox;
using BotService.Retention;
using BotService.Storage;
using BotService.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Retention;

/// <summary>The background job as AddRetention registers it, on a manual clock and the real SQLite store.</summary>
public sealed class RetentionServiceTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SqliteTableStore _store = new(Path.Combine(Directory.CreateTempSubdirectory("retention-svc").FullName, "bot.db"));
    private ServiceProvider? _provider;

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
        _store.Dispose();
    }

    private ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<ITableStore>(_store);
        services.AddSingleton<BotService.CheckIns.CheckInStore>();
        services.AddRetention(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return _provider = services.BuildServiceProvider();
    }

    private ITable<OutboxRow> Outbox => _store.GetTable<OutboxRow>(OutboxRow.TableName);

    private async Task AddSentAsync(string id, DateTimeOffset updated)
    {
        var row = OutboxRow.New(OutboxRow.MessageKey(id));
        row.MessageId = id;
        row.Status = OutboxStatus.Delivered;
        row.UpdatedAt = updated;
        await Outbox.InsertAsync(row);
    }

    private async Task<bool> GoneSoonAsync(string id)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await Outbox.GetAsync(OutboxRow.Partition, OutboxRow.MessageKey(id)) is null) return true;
            await Task.Delay(25);
        }
        return false;
    }

    [Fact]
    public async Task Passes_run_shortly_after_start_and_then_every_interval_on_the_time_provider()
    {
        var provider = Build(new() { ["Retention:OutboxDays"] = "10", ["Retention:Interval"] = "02:00:00" });
        var service = provider.GetServices<IHostedService>().OfType<RetentionService>().Single();
        await AddSentAsync("first", Start - TimeSpan.FromDays(11));
        await service.StartAsync(default);
        try
        {
            await Task.Delay(100);
            Assert.NotNull(await Outbox.GetAsync(OutboxRow.Partition, OutboxRow.MessageKey("first"))); // not before the start delay

            _clock.Advance(RetentionService.StartDelay);
            Assert.True(await GoneSoonAsync("first"));

            // Eleven days old at the next tick (two hours on), not yet at this one.
            await AddSentAsync("second", _clock.GetUtcNow() - TimeSpan.FromDays(11) + TimeSpan.FromHours(1));
            _clock.Advance(TimeSpan.FromHours(2));
            Assert.True(await GoneSoonAsync("second"));
        }
        finally
        {
            await service.StopAsync(default);
        }
    }

    [Theory]
    [InlineData("Retention:OutboxDays", "0")]
    [InlineData("Retention:SidIndexDays", "-3")]
    [InlineData("Retention:ClosedEscalationDays", "100000")]
    [InlineData("Retention:LedgerDays", "0")]
    [InlineData("Retention:Interval", "00:00:05")]
    [InlineData("Retention:PageLimit", "0")]
    public void A_bad_setting_fails_at_start_naming_its_key(string key, string value)
    {
        var provider = Build(new() { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RetentionOptions>>().Value);
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public void Defaults_are_valid()
    {
        var options = Build([]).GetRequiredService<IOptions<RetentionOptions>>().Value;
        Assert.Equal((30, 30, 90, 180, TimeSpan.FromHours(1), 500),
            (options.OutboxDays, options.SidIndexDays, options.LedgerDays, options.ClosedEscalationDays, options.Interval, options.PageLimit));
    }
}

public sealed class RetentionHostStartTests
{
    [Fact]
    public async Task A_host_with_a_bad_retention_setting_does_not_start()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Retention:OutboxDays"] = "0" });
        builder.Services.AddSingleton<ITableStore>(new Support.InMemoryTableStore());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BotService.CheckIns.CheckInStore>();
        builder.Services.AddRetention(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Retention:OutboxDays", error.Message);
    }
}
