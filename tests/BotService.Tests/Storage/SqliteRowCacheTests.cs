using BotService.Storage;
using BotService.Storage.Sqlite;

namespace BotService.Tests.Storage;

/// <summary>
/// The SQLite row cache must never answer with anything but what the file holds for this process: read-your-write,
/// no stale row left behind by a read racing a write, deletes seen, and another writer's changes noticed.
/// </summary>
public sealed class SqliteRowCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("row-cache").FullName;

    private SqliteTableStore NewStore(int rowCacheEntries = 1000) => new(Path.Combine(_folder, "bot.db"), rowCacheEntries);

    [Fact]
    public async Task Reads_racing_writes_never_leave_a_stale_row_behind()
    {
        using var store = NewStore();
        var table = store.GetTable<CounterEntity>("race");
        const int Keys = 8;
        for (var k = 0; k < Keys; k++) await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = $"k{k}", Count = 0 });

        using var stop = new CancellationTokenSource();
        var readersRunning = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToList();
        var readers = readersRunning.Select(running => Task.Run(async () =>
        {
            var reads = 0;
            while (!stop.IsCancellationRequested)
            {
                await table.GetAsync("p", $"k{reads++ % Keys}");
                running.TrySetResult();
                // A cache hit completes synchronously: without this the readers would spin and starve the writers.
                await Task.Yield();
            }
            return reads;
        })).ToList();
        await Task.WhenAll(readersRunning.Select(r => r.Task));

        // Each key is written 150 times, one writer per key; after every write completes, a read must show it.
        var writers = Enumerable.Range(0, Keys).Select(k => Task.Run(async () =>
        {
            for (var i = 1; i <= 150; i++)
            {
                var current = (await table.GetAsync("p", $"k{k}"))!;
                Assert.Equal(i - 1, current.Count);
                current.Count = i;
                var etag = await table.ReplaceAsync(current, current.ETag);
                var after = (await table.GetAsync("p", $"k{k}"))!;
                Assert.Equal(etag, after.ETag);
                Assert.Equal(i, after.Count);
            }
        })).ToList();
        try
        {
            await Task.WhenAll(writers);
        }
        finally
        {
            // Even when a writer's assertion fails, the readers must stop, or they would spin past the test.
            await stop.CancelAsync();
        }
        Assert.All(await Task.WhenAll(readers), reads => Assert.True(reads > 0));

        using var uncached = new SqliteTableStore(store.DatabasePath);
        for (var k = 0; k < Keys; k++)
        {
            var fromFile = (await uncached.GetTable<CounterEntity>("race").GetAsync("p", $"k{k}"))!;
            var fromCache = (await table.GetAsync("p", $"k{k}"))!;
            Assert.Equal(150, fromFile.Count);
            Assert.Equal((fromFile.ETag, fromFile.Count), (fromCache.ETag, fromCache.Count));
        }
    }

    [Fact]
    public void A_read_overtaken_by_a_commit_is_not_kept()
    {
        // The interleaving the lock-free protocol exists for, played step by step: a reader reads v1 from the file,
        // the writer commits v2 (the row is not cached, so there is nothing to overwrite), then the reader adds v1.
        var cache = new SqliteRowCache(capacity: 100);
        var epochBeforeRead = cache.Epoch;
        var v1 = new CachedRow("W/\"1\"", "0", "{}");
        cache.Committed();
        cache.UpdateIfCached("t", "p", "r", new CachedRow("W/\"2\"", "0", "{}"));
        cache.AddFromRead("t", "p", "r", v1, epochBeforeRead);

        Assert.False(cache.TryGet("t", "p", "r", out _));

        // Without a commit in between, the read is kept; a later commit overwrites it.
        var epoch = cache.Epoch;
        cache.AddFromRead("t", "p", "r", v1, epoch);
        Assert.True(cache.TryGet("t", "p", "r", out var kept) && ReferenceEquals(kept, v1));
        var v3 = new CachedRow("W/\"3\"", "0", "{}");
        cache.Committed();
        cache.UpdateIfCached("t", "p", "r", v3);
        Assert.True(cache.TryGet("t", "p", "r", out var updated) && ReferenceEquals(updated, v3));
    }

    [Fact]
    public async Task A_remembered_absence_ends_when_the_row_is_written_and_a_delete_is_seen()
    {
        using var store = NewStore();
        var table = store.GetTable<CounterEntity>("optouts");

        Assert.Null(await table.GetAsync("member", "state"));
        await table.InsertAsync(new CounterEntity { PartitionKey = "member", RowKey = "state", Count = 1 });
        Assert.Equal(1, (await table.GetAsync("member", "state"))!.Count);

        await table.DeleteAsync("member", "state");
        Assert.Null(await table.GetAsync("member", "state"));

        // A batch that fails must not leave its rows in the cache either.
        await Assert.ThrowsAsync<TableBatchException>(() => table.SubmitBatchAsync(
        [
            TableOperation<CounterEntity>.Upsert(new CounterEntity { PartitionKey = "member", RowKey = "state", Count = 9 }),
            TableOperation<CounterEntity>.Replace(new CounterEntity { PartitionKey = "member", RowKey = "missing", Count = 9 }, Azure.ETag.All),
        ]));
        Assert.Null(await table.GetAsync("member", "state"));
    }

    [Fact]
    public async Task Another_writer_of_the_file_is_noticed_at_the_next_write()
    {
        using var cached = NewStore();
        using var other = new SqliteTableStore(cached.DatabasePath);
        var mine = cached.GetTable<CounterEntity>("shared");
        await mine.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });
        Assert.Equal(1, (await mine.GetAsync("p", "r"))!.Count);

        var theirs = (await other.GetTable<CounterEntity>("shared").GetAsync("p", "r"))!;
        theirs.Count = 2;
        await other.GetTable<CounterEntity>("shared").ReplaceAsync(theirs, theirs.ETag);

        // Any write of the caching store (here to another table) checks the file's change counter first.
        await cached.GetTable<CounterEntity>("elsewhere").UpsertAsync(new CounterEntity { PartitionKey = "x", RowKey = "y" });
        Assert.Equal(2, (await mine.GetAsync("p", "r"))!.Count);

        // And a conditional write with the ETag it was shown succeeds: the ETag is the file's.
        var current = (await mine.GetAsync("p", "r"))!;
        current.Count = 3;
        await mine.ReplaceAsync(current, current.ETag);
    }

    [Fact]
    public async Task A_small_cache_stays_correct_past_its_bound()
    {
        using var store = NewStore(rowCacheEntries: 10);
        var table = store.GetTable<CounterEntity>("many");
        for (var i = 0; i < 100; i++) await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = $"r{i:D3}", Count = i });

        for (var round = 0; round < 3; round++)
            for (var i = 0; i < 100; i++)
                Assert.Equal(i, (await table.GetAsync("p", $"r{i:D3}"))!.Count);
    }

    [Fact]
    public async Task Entities_handed_out_are_copies_a_caller_may_change()
    {
        using var store = NewStore();
        var table = store.GetTable<CounterEntity>("copies");
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1, Note = "kept" });

        var first = (await table.GetAsync("p", "r"))!;
        first.Count = 99;
        first.Note = "changed but never saved";

        var second = (await table.GetAsync("p", "r"))!;
        Assert.Equal((1, "kept"), (second.Count, second.Note));
    }

    [Fact]
    public async Task A_byte_array_changed_in_place_by_one_caller_is_not_changed_for_the_next()
    {
        using var store = NewStore();
        var table = store.GetTable<AllTypesEntity>("blobs");
        await table.InsertAsync(new AllTypesEntity { PartitionKey = "p", RowKey = "r", Blob = [1, 2, 3] });

        var first = (await table.GetAsync("p", "r"))!;
        first.Blob![0] = 99;

        Assert.Equal(new byte[] { 1, 2, 3 }, (await table.GetAsync("p", "r"))!.Blob);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* temp folder */ }
    }
}
