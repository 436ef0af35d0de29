using BotService.CheckIns;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Retention;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Storage.Sqlite;
using BotService.Tests.Support;
using BotService.Volunteers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
namespace BotService.Tests.Retention;

/// <summary>The retention pass against a real store: what goes, what stays, and a backlog over several passes.</summary>
public abstract class RetentionPurgerTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract ITableStore Store { get; }

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly RetentionOptions _options = new();
    private ITable<OutboxRow> Outbox => Store.GetTable<OutboxRow>(OutboxRow.TableName);
    private ITable<EscalationRecord> Escalations => Store.GetTable<EscalationRecord>(EscalationRecord.TableName);
    private ITable<EscalationEvent> Events => Store.GetTable<EscalationEvent>(EscalationEvent.TableName);
    private ITable<EscalationIndexEntry> Index => Store.GetTable<EscalationIndexEntry>(EscalationIndexEntry.TableName);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    private RetentionPurger NewPurger() => new(Store, Options.Create(_options), _clock, NullLogger<RetentionPurger>.Instance);

    private async Task AddMessageAsync(string id, OutboxStatus status, DateTimeOffset updated)
    {
        var row = OutboxRow.New(OutboxRow.MessageKey(id));
        row.MessageId = id;
        row.Status = status;
        row.RecipientCipher = "cipher";
        row.CreatedAt = updated - TimeSpan.FromMinutes(1);
        row.UpdatedAt = updated;
        await Outbox.InsertAsync(row);
    }

    private async Task AddMarkerAsync(string rowKey, string id, DateTimeOffset created)
    {
        var row = OutboxRow.New(rowKey);
        row.MessageId = id;
        row.CreatedAt = created;
        await Outbox.InsertAsync(row);
    }

    private async Task<HashSet<string>> OutboxKeysAsync()
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Outbox.QueryPartitionAllAsync(OutboxRow.Partition)) keys.Add(row.RowKey);
        return keys;
    }

    [Fact]
    public async Task Final_outbox_rows_and_markers_older_than_their_period_go_and_everything_else_stays()
    {
        var old = Start - TimeSpan.FromDays(31);
        var recent = Start - TimeSpan.FromDays(29);
        await AddMessageAsync("oldsent", OutboxStatus.Sent, old);
        await AddMessageAsync("olddelivered", OutboxStatus.Delivered, old);
        await AddMessageAsync("oldfailed", OutboxStatus.Failed, old);
        await AddMessageAsync("oldwithheld", OutboxStatus.Withheld, old);
        await AddMessageAsync("oldqueued", OutboxStatus.Queued, old);
        await AddMessageAsync("oldsending", OutboxStatus.Sending, old);
        await AddMessageAsync("newsent", OutboxStatus.Delivered, recent);
        await AddMarkerAsync(OutboxRow.DueKeyOf(MessagePriority.Normal, old, "oldqueued"), "oldqueued", old);
        await AddMarkerAsync(OutboxRow.DedupeKeyOf("olddedupe"), "oldsent", old);
        await AddMarkerAsync(OutboxRow.DedupeKeyOf("newdedupe"), "newsent", recent);
        await AddMarkerAsync(OutboxRow.SidKey("SMold"), "oldsent", old);
        await AddMarkerAsync(OutboxRow.SidKey("SMnew"), "newsent", recent);

        var result = await NewPurger().RunPassAsync(default);

        Assert.Equal((4, 1, 1), (result.OutboxMessages, result.OutboxMarkers, result.SidIndexRows));
        Assert.True(result.OutboxScanComplete);
        var keys = await OutboxKeysAsync();
        Assert.Equal(
            new[]
            {
                OutboxRow.DedupeKeyOf("newdedupe"), OutboxRow.DueKeyOf(MessagePriority.Normal, old, "oldqueued"),
                "msg-newsent", "msg-oldqueued", "msg-oldsending", OutboxRow.SidKey("SMnew"),
            }.Order(StringComparer.Ordinal),
            keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_sid_index_has_its_own_period()
    {
        _options.SidIndexDays = 7;
        await AddMarkerAsync(OutboxRow.SidKey("SMweekold"), "m1", Start - TimeSpan.FromDays(8));
        await AddMarkerAsync(OutboxRow.SidKey("SMfresh"), "m2", Start - TimeSpan.FromDays(6));

        var result = await NewPurger().RunPassAsync(default);

        Assert.Equal(1, result.SidIndexRows);
        Assert.Equal([OutboxRow.SidKey("SMfresh")], await OutboxKeysAsync());
    }

    [Fact]
    public async Task A_backlog_larger_than_the_page_limit_is_worked_off_over_several_passes()
    {
        _options.PageLimit = 40;
        var old = Start - TimeSpan.FromDays(60);
        for (var i = 0; i < 100; i++) await AddMessageAsync($"m{i:D3}", OutboxStatus.Delivered, old);
        await AddMessageAsync("queued", OutboxStatus.Queued, old);
        var purger = NewPurger();

        var first = await purger.RunPassAsync(default);
        Assert.Equal(40, first.OutboxMessages);
        Assert.False(first.OutboxScanComplete);
        Assert.Equal(61, (await OutboxKeysAsync()).Count);

        var second = await purger.RunPassAsync(default);
        Assert.Equal(40, second.OutboxMessages);
        var third = await purger.RunPassAsync(default);
        Assert.Equal(20, third.OutboxMessages);
        Assert.True(third.OutboxScanComplete);
        Assert.Equal(["msg-queued"], await OutboxKeysAsync());

        // The next pass starts from the beginning again and finds nothing more to do.
        var fourth = await purger.RunPassAsync(default);
        Assert.Equal(0, fourth.Total);
        Assert.True(fourth.OutboxScanComplete);
    }

    private ITable<CheckInLedgerRow> Ledger => Store.GetTable<CheckInLedgerRow>(CheckInLedgerRow.TableName);
    private ITable<CheckInLedgerDateRow> LedgerDates => Store.GetTable<CheckInLedgerDateRow>(CheckInLedgerDateRow.TableName);

    private async Task AddLedgerRowAsync(string memberKey, DateOnly date)
    {
        var key = date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await LedgerDates.UpsertAsync(new CheckInLedgerDateRow { PartitionKey = key, RowKey = memberKey });
        await Ledger.InsertAsync(new CheckInLedgerRow { PartitionKey = memberKey, RowKey = key, ClaimedAt = Start, PromptSentAt = Start });
    }

    private async Task<List<string>> LedgerKeysAsync(string memberKey)
    {
        var keys = new List<string>();
        await foreach (var row in Ledger.QueryPartitionAllAsync(memberKey)) keys.Add(row.RowKey);
        return keys;
    }

    [Fact]
    public async Task Ledger_rows_older_than_their_period_go_with_their_date_index_and_newer_ones_stay()
    {
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        await AddLedgerRowAsync("alice", today.AddDays(-100));
        await AddLedgerRowAsync("bob", today.AddDays(-100));
        await AddLedgerRowAsync("alice", today.AddDays(-92));
        await AddLedgerRowAsync("alice", today.AddDays(-90));
        await AddLedgerRowAsync("alice", today.AddDays(-1));

        var result = await NewPurger().RunPassAsync(default);

        Assert.Equal(3, result.LedgerRows);
        Assert.True(result.LedgerScanComplete);
        Assert.Equal(["2026-03-03", "2026-05-31"], await LedgerKeysAsync("alice"));
        Assert.Empty(await LedgerKeysAsync("bob"));
        Assert.Equal(0, await CountAsync(LedgerDates, "2026-02-21"));
        Assert.Equal(1, await CountAsync(LedgerDates, "2026-03-03"));
    }

    [Fact]
    public async Task A_ledger_backlog_beyond_the_page_limit_goes_over_several_passes()
    {
        _options.PageLimit = 25;
        var today = DateOnly.FromDateTime(Start.UtcDateTime);
        for (var m = 0; m < 20; m++)
        for (var d = 95; d < 98; d++)
            await AddLedgerRowAsync($"member{m:D2}", today.AddDays(-d));
        var purger = NewPurger();

        Assert.Equal(25, (await purger.RunPassAsync(default)).LedgerRows);
        Assert.Equal(25, (await purger.RunPassAsync(default)).LedgerRows);
        var last = await purger.RunPassAsync(default);
        Assert.Equal(10, last.LedgerRows);
        Assert.True(last.LedgerScanComplete);
        for (var m = 0; m < 20; m++) Assert.Empty(await LedgerKeysAsync($"member{m:D2}"));
    }

    private async Task AddEscalationAsync(string code, EscalationStatus status, DateTimeOffset? closedAt, string memberKey, string? volunteer)
    {
        await Escalations.InsertAsync(new EscalationRecord
        {
            PartitionKey = EscalationRecord.Partition, Code = code, Status = status, MemberKey = memberKey, EncryptedAddress = "cipher",
            OpenedAt = (closedAt ?? Start) - TimeSpan.FromHours(2), ClosedAt = closedAt, ClaimedBy = status == EscalationStatus.Claimed ? volunteer : null,
        });
        for (var i = 0; i < 3; i++)
            await Events.InsertAsync(new EscalationEvent { PartitionKey = code, RowKey = $"{i:D19}", Kind = EscalationEventKind.Paged, At = Start, VolunteerId = volunteer });
        if (volunteer is not null)
            await Index.UpsertAsync(new EscalationIndexEntry { PartitionKey = EscalationIndexEntry.VolunteerPartition(volunteer), RowKey = code, Code = code });
        if (status != EscalationStatus.Closed)
        {
            await Index.UpsertAsync(new EscalationIndexEntry { PartitionKey = EscalationIndexEntry.OpenPartition, RowKey = code, Code = code });
            await Index.UpsertAsync(new EscalationIndexEntry { PartitionKey = EscalationIndexEntry.MemberPartition(memberKey), RowKey = EscalationIndexEntry.MemberOpenRow, Code = code });
        }
    }

    private static async Task<int> CountAsync<T>(ITable<T> table, string partition) where T : class, ITableEntity, new()
    {
        var n = 0;
        await foreach (var _ in table.QueryPartitionAllAsync(partition)) n++;
        return n;
    }

    [Fact]
    public async Task Closed_escalations_past_their_period_go_with_their_events_and_index_rows_and_open_ones_stay()
    {
        var longAgo = Start - TimeSpan.FromDays(181);
        await AddEscalationAsync("OLDCLOSED", EscalationStatus.Closed, longAgo, "member-a", "vol1");
        await AddEscalationAsync("NEWCLOSED", EscalationStatus.Closed, Start - TimeSpan.FromDays(179), "member-b", "vol1");
        await AddEscalationAsync("OLDOPEN", EscalationStatus.Open, null, "member-c", null);
        await AddEscalationAsync("OLDCLAIMED", EscalationStatus.Claimed, null, "member-d", "vol2");

        var result = await NewPurger().RunPassAsync(default);

        Assert.Equal(1, result.ClosedEscalations);
        Assert.Null(await Escalations.GetAsync(EscalationRecord.Partition, "OLDCLOSED"));
        Assert.Equal(0, await CountAsync(Events, "OLDCLOSED"));
        Assert.Null(await Index.GetAsync(EscalationIndexEntry.VolunteerPartition("vol1"), "OLDCLOSED"));
        Assert.NotNull(await Escalations.GetAsync(EscalationRecord.Partition, "NEWCLOSED"));
        Assert.Equal(3, await CountAsync(Events, "NEWCLOSED"));
        Assert.NotNull(await Index.GetAsync(EscalationIndexEntry.VolunteerPartition("vol1"), "NEWCLOSED"));
        foreach (var code in new[] { "OLDOPEN", "OLDCLAIMED" })
        {
            Assert.NotNull(await Escalations.GetAsync(EscalationRecord.Partition, code));
            Assert.Equal(3, await CountAsync(Events, code));
            Assert.NotNull(await Index.GetAsync(EscalationIndexEntry.OpenPartition, code));
        }
        Assert.NotNull(await Index.GetAsync(EscalationIndexEntry.MemberPartition("member-d"), EscalationIndexEntry.MemberOpenRow));
        Assert.NotNull(await Index.GetAsync(EscalationIndexEntry.VolunteerPartition("vol2"), "OLDCLAIMED"));
    }

    [Fact]
    public async Task Closed_escalations_beyond_the_page_limit_go_on_later_passes()
    {
        _options.PageLimit = 3;
        for (var i = 0; i < 7; i++) await AddEscalationAsync($"C{i}", EscalationStatus.Closed, Start - TimeSpan.FromDays(200), $"m{i}", null);
        var purger = NewPurger();

        Assert.Equal(3, (await purger.RunPassAsync(default)).ClosedEscalations);
        Assert.Equal(3, (await purger.RunPassAsync(default)).ClosedEscalations);
        var last = await purger.RunPassAsync(default);
        Assert.Equal(1, last.ClosedEscalations);
        Assert.True(last.EscalationScanComplete);
        Assert.Equal(0, await CountAsync(Escalations, EscalationRecord.Partition));
    }

    [Fact]
    public async Task A_storage_fault_is_survived_and_the_next_pass_retries()
    {
        var old = Start - TimeSpan.FromDays(40);
        await AddMessageAsync("a", OutboxStatus.Delivered, old);
        var faulty = new FaultyStore(Store) { Failing = true };
        var purger = new RetentionPurger(faulty, Options.Create(_options), _clock, NullLogger<RetentionPurger>.Instance);

        var failed = await purger.RunPassAsync(default);
        Assert.Equal(0, failed.Total);
        Assert.Contains("msg-a", await OutboxKeysAsync());

        faulty.Failing = false;
        Assert.Equal(1, (await purger.RunPassAsync(default)).OutboxMessages);
        Assert.Empty(await OutboxKeysAsync());
    }

    /// <summary>Every partition query throws while <see cref="Failing"/> is set.</summary>
    private sealed class FaultyStore(ITableStore inner) : ITableStore
    {
        public bool Failing { get; set; }
        public string ProviderName => inner.ProviderName;
        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
        public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new Table<T>(this, inner.GetTable<T>(tableName));

        private sealed class Table<T>(FaultyStore owner, ITable<T> table) : ITable<T> where T : class, ITableEntity, new()
        {
            public string Name => table.Name;
            public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) => table.GetAsync(partitionKey, rowKey, cancellationToken);
            public Task<Azure.ETag> InsertAsync(T entity, CancellationToken cancellationToken = default) => table.InsertAsync(entity, cancellationToken);
            public Task<Azure.ETag> ReplaceAsync(T entity, Azure.ETag ifMatch, CancellationToken cancellationToken = default) => table.ReplaceAsync(entity, ifMatch, cancellationToken);
            public Task<Azure.ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default) => table.UpsertAsync(entity, cancellationToken);
            public Task<bool> DeleteAsync(string partitionKey, string rowKey, Azure.ETag ifMatch = default, CancellationToken cancellationToken = default) =>
                table.DeleteAsync(partitionKey, rowKey, ifMatch, cancellationToken);
            public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000, string? continuationToken = null,
                CancellationToken cancellationToken = default) =>
                owner.Failing ? throw new IOException("disk gone") : table.QueryPartitionAsync(partitionKey, range, pageSize, continuationToken, cancellationToken);
            public Task<IReadOnlyList<Azure.ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default) =>
                table.SubmitBatchAsync(operations, cancellationToken);
        }
    }
}

public sealed class SqliteRetentionPurgerTests : RetentionPurgerTests
{
    private readonly SqliteTableStore _sqlite = new(Path.Combine(Directory.CreateTempSubdirectory("retention").FullName, "bot.db"));

    protected override ITableStore Store => _sqlite;

    public override void Dispose()
    {
        _sqlite.Dispose();
        base.Dispose();
    }
}

[Collection("Azurite")]
public sealed class AzuriteRetentionPurgerTests(AzuriteFixture azurite) : RetentionPurgerTests
{
    // Table names unique to this test so the shared Azurite's other tests never see our rows.
    private readonly ITableStore _store = new BotService.Tests.CheckIns.SuffixedTableStore(new AzureTableStore(azurite.ConnectionString), azurite.NewTableName("r"));

    protected override ITableStore Store => _store;
}
