using System.Text;
using BotService.Messaging;
using BotService.Storage;
using BotService.Tests.Support;
using BotService.Turns;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BotService.Tests.Turns;

public sealed class PipelineTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(ScriptedTurnSeams.Start);
    private readonly ScriptedTurnSeams _seams = new();
    private readonly BotTestHost _host;

    public PipelineTests() => _host = new BotTestHost { Clock = _clock, Overrides = _seams.Apply };

    public void Dispose() => _host.Dispose();

    [Fact]
    public async Task A_dialog_left_waiting_past_the_session_expiry_ends_quietly()
    {
        var phone = _host.Phone("+13125550180");
        await phone.OnboardsAsync();
        await phone.Sends("CHECKIN");
        _clock.Advance(TimeSpan.FromHours(13));
        Assert.Contains("Text MENU to see options", await phone.Sends("3"));

        await phone.Sends("CHECKIN");
        _clock.Advance(TimeSpan.FromHours(11));
        Assert.Contains("urges to use", await phone.Sends("3"));
    }

    [Fact]
    public async Task A_bug_in_a_dialog_resets_her_state_and_sends_a_kind_fallback_with_988()
    {
        var phone = _host.Phone("+13125550181");
        await phone.OnboardsAsync();
        _seams.OpenCheckIns.Throw = true;

        var reply = await phone.Sends("hello");
        Assert.Contains("988", reply);
        Assert.Contains("MENU", reply);
        Assert.DoesNotContain("Exception", reply);

        _seams.OpenCheckIns.Throw = false;
        Assert.Contains("1 (really low) to 5", await phone.Sends("CHECKIN"));
    }

    [Fact]
    public async Task A_crisis_message_gets_the_safety_reply_and_her_dialog_waits()
    {
        var phone = _host.Phone("+13125550182");
        await phone.OnboardsAsync();
        await phone.Sends("CHECKIN");

        var reply = await phone.Sends("i want to kill myself");
        Assert.Contains("988", reply);
        Assert.DoesNotContain("urges", reply);
        Assert.Contains("urges to use", await phone.Sends("2"));
    }

    [Fact]
    public async Task Two_turns_at_once_for_one_member_both_apply_once()
    {
        var phone = _host.Phone("+13125550183");
        await phone.OnboardsAsync();

        var replies = await Task.WhenAll(phone.Sends("PAUSE 2"), phone.Sends("DISCREET ON"), phone.Sends("CODE WORD"));
        Assert.Contains(replies, r => r.Contains("paused for 2 days"));
        Assert.Contains(replies, r => r.Contains("Discreet mode is on"));
        var profile = await phone.Profile();
        Assert.True(profile!.Discreet);
        Assert.Equal(_clock.GetUtcNow().AddDays(2), profile.PausedUntil);
    }

    [Fact]
    public async Task Many_parallel_check_ins_for_one_member_count_one_day_once()
    {
        var phone = await OnboardedAsync("+13125550184");
        await phone.Sends("CHECKIN");
        await phone.Sends("4");
        await phone.Sends("1");
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => phone.Sends("skip")));
        var profile = await phone.Profile();
        Assert.Equal(1, profile!.CheckInStreak);
    }

    [Fact]
    public async Task The_database_file_holds_no_phone_digits_and_no_message_text()
    {
        var phone = await OnboardedAsync("+13125550185");
        await phone.Sends("CHECKIN");
        await phone.Sends("2");
        await phone.Sends("7");
        await phone.Sends("argued with my sister about money");
        await phone.Sends("CODE WORD");
        await phone.Sends("marigold");

        SqliteConnection.ClearAllPools();
        var bytes = new List<byte>();
        foreach (var file in Directory.GetFiles(_host.Folder)) bytes.AddRange(File.ReadAllBytes(file));
        var dump = Encoding.UTF8.GetString([.. bytes]) + Encoding.Unicode.GetString([.. bytes]);
        Assert.NotEmpty(bytes);
        foreach (var secret in new[] { "3125550185", "5550185", "argued with my sister", "marigold" })
            Assert.DoesNotContain(secret, dump, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_safety_check_answers_even_when_storage_is_down()
    {
        using var broken = _host.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<ITableStore>();
            s.AddSingleton<ITableStore, BrokenStore>();
        }));
        var handler = broken.Services.GetRequiredService<ITurnHandler>();
        var crisis = await handler.HandleTurnAsync(new InboundMessage(BotService.Messaging.ChannelNames.Sms, "+13125550186", "i want to kill myself", "SM1", _clock.GetUtcNow()), default);
        Assert.Contains("988", string.Join(" ", crisis.Messages));
        var ordinary = await handler.HandleTurnAsync(new InboundMessage(BotService.Messaging.ChannelNames.Sms, "+13125550186", "hi", "SM2", _clock.GetUtcNow()), default);
        Assert.Contains("988", string.Join(" ", ordinary.Messages));
    }

    [Fact]
    public async Task Check_ins_older_than_the_retention_period_are_purged()
    {
        var phone = await OnboardedAsync("+13125550187");
        await phone.Sends("CHECKIN");
        await phone.Sends("4");
        await phone.Sends("1");
        await phone.Sends("skip");
        var table = _host.Get<ITableStore>().GetTable<BotService.CheckIns.CheckInRecord>(BotService.CheckIns.CheckInRecord.TableName);
        var retention = _host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<BotService.Retention.CheckInRetentionService>().Single();
        // The test runs the passes itself: the fake clock would otherwise wake the hosted loop as the days go by.
        await retention.StopAsync(default);

        _clock.Advance(TimeSpan.FromDays(60));
        await retention.RunOnceAsync(default);
        Assert.Single((await table.QueryPartitionAsync(phone.MemberKey)).Items);

        _clock.Advance(TimeSpan.FromDays(35));
        Assert.Equal(1, await retention.RunOnceAsync(default));
        Assert.Empty((await table.QueryPartitionAsync(phone.MemberKey)).Items);
    }

    private async Task<Phone> OnboardedAsync(string number)
    {
        var phone = _host.Phone(number);
        await phone.OnboardsAsync();
        return phone;
    }

    private sealed class BrokenStore : ITableStore
    {
        public string ProviderName => "Broken";
        public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new BrokenTable<T>(tableName);
        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(false);
    }

    /// <summary>Every call fails the way an unreachable table service does.</summary>
    private sealed class BrokenTable<T>(string name) : ITable<T> where T : class, ITableEntity, new()
    {
        public string Name => name;
        private static TableStorageException Down() => new(503, "ServerBusy", "down");
        public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) => throw Down();
        public Task<Azure.ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) => throw Down();
        public Task<Azure.ETag> ReplaceAsync(T entity, Azure.ETag ifMatch, CancellationToken cancellationToken = default) => throw Down();
        public Task<Azure.ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) => throw Down();
        public Task<bool> DeleteAsync(string partitionKey, string rowKey, Azure.ETag ifMatch = default, CancellationToken cancellationToken = default) => throw Down();
        public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000, string? continuationToken = null,
            CancellationToken cancellationToken = default) => throw Down();
        public Task<IReadOnlyList<Azure.ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default) => throw Down();
    }
}
