using Azure;
using BotService.Storage;

namespace BotService.Tests.Storage;

/// <summary>
/// The one behaviour both stores must share. Each subclass supplies a store; test names carry the subclass name,
/// so a failure says which store broke the contract.
/// </summary>
public abstract class TableStoreContractTests
{
    protected abstract ITableStore Store { get; }

    /// <summary>A table name no other test uses.</summary>
    protected abstract string NewTableName();

    private ITable<T> NewTable<T>() where T : class, ITableEntity, new() => Store.GetTable<T>(NewTableName());

    private static AllTypesEntity FullEntity(string pk, string rk) => new()
    {
        PartitionKey = pk,
        RowKey = rk,
        Text = "héllo \"world\" 'quoted' + & = ? 日本 😀",
        Number = int.MinValue,
        Big = long.MaxValue,
        Flag = true,
        Ratio = 0.1,
        When = new DateTimeOffset(2024, 2, 29, 13, 14, 15, TimeSpan.FromHours(5)).AddTicks(1234567),
        Id = Guid.NewGuid(),
        Blob = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray(),
        Mood = Mood.Hopeful,
        MaybeNumber = 42,
        MaybeBig = -(1L << 40),
        MaybeFlag = false,
        MaybeRatio = 5.0,
        MaybeWhen = DateTimeOffset.UnixEpoch,
        MaybeId = Guid.Empty,
        MaybeMood = Mood.Anxious,
    };

    private static void AssertSameColumns(AllTypesEntity expected, AllTypesEntity actual)
    {
        Assert.Equal(expected.Text, actual.Text);
        Assert.Equal(expected.Number, actual.Number);
        Assert.Equal(expected.Big, actual.Big);
        Assert.Equal(expected.Flag, actual.Flag);
        Assert.Equal(expected.Ratio, actual.Ratio);
        Assert.Equal(expected.When.UtcTicks, actual.When.UtcTicks);
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Blob, actual.Blob);
        Assert.Equal(expected.Mood, actual.Mood);
        Assert.Equal(expected.MaybeNumber, actual.MaybeNumber);
        Assert.Equal(expected.MaybeBig, actual.MaybeBig);
        Assert.Equal(expected.MaybeFlag, actual.MaybeFlag);
        Assert.Equal(expected.MaybeRatio, actual.MaybeRatio);
        Assert.Equal(expected.MaybeWhen?.UtcTicks, actual.MaybeWhen?.UtcTicks);
        Assert.Equal(expected.MaybeId, actual.MaybeId);
        Assert.Equal(expected.MaybeMood, actual.MaybeMood);
    }

    [Fact]
    public void ProviderName_names_the_store() => Assert.False(string.IsNullOrWhiteSpace(Store.ProviderName));

    [Fact]
    public async Task IsHealthy_is_true_when_the_store_answers() => Assert.True(await Store.IsHealthyAsync());

    [Fact]
    public async Task Get_of_a_missing_entity_returns_null()
    {
        var table = NewTable<CounterEntity>();
        Assert.Null(await table.GetAsync("p", "nope"));
    }

    [Fact]
    public async Task Insert_then_get_round_trips_every_column_type()
    {
        var table = NewTable<AllTypesEntity>();
        var written = FullEntity("p", "r");
        var etag = await table.InsertAsync(written);

        var read = await table.GetAsync("p", "r");
        Assert.NotNull(read);
        AssertSameColumns(written, read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal(etag, written.ETag);
        Assert.NotNull(read.Timestamp);
    }

    [Fact]
    public async Task Null_columns_read_back_as_null_and_defaults_as_defaults()
    {
        var table = NewTable<AllTypesEntity>();
        var written = new AllTypesEntity { PartitionKey = "p", RowKey = "empty" };
        await table.InsertAsync(written);

        var read = await table.GetAsync("p", "empty");
        Assert.NotNull(read);
        AssertSameColumns(written, read);
        Assert.Null(read.Text);
        Assert.Null(read.Blob);
        Assert.Null(read.MaybeNumber);
        Assert.Null(read.MaybeMood);
    }

    [Theory]
    [InlineData("a+b", "c+d")]
    [InlineData("it's", "''quoted''")]
    [InlineData("with space", "  two  spaces ")]
    [InlineData("ünïcødé", "日本語 😀")]
    [InlineData("%20", "%2B&=;:@$,()")]
    [InlineData("*", "!~[]{}|^`<>\"")]
    public async Task Keys_with_special_characters_round_trip(string pk, string rk)
    {
        var table = NewTable<CounterEntity>();
        await table.InsertAsync(new CounterEntity { PartitionKey = pk, RowKey = rk, Count = 7 });

        var read = await table.GetAsync(pk, rk);
        Assert.NotNull(read);
        Assert.Equal(pk, read.PartitionKey);
        Assert.Equal(rk, read.RowKey);
        Assert.Equal(7, read.Count);

        var page = await table.QueryPartitionAsync(pk);
        Assert.Equal(rk, Assert.Single(page.Items).RowKey);

        var replaced = await table.ReplaceAsync(new CounterEntity { PartitionKey = pk, RowKey = rk, Count = 8 }, read.ETag);
        Assert.NotEqual(read.ETag, replaced);
        Assert.True(await table.DeleteAsync(pk, rk, replaced));
        Assert.Null(await table.GetAsync(pk, rk));
    }

    [Fact]
    public async Task Insert_of_existing_keys_throws_EntityAlreadyExists_and_keeps_the_original()
    {
        var table = NewTable<CounterEntity>();
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });

        var ex = await Assert.ThrowsAsync<EntityAlreadyExistsException>(() =>
            table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 }));
        Assert.Equal(409, ex.Status);
        Assert.Equal(1, (await table.GetAsync("p", "r"))!.Count);
    }

    [Fact]
    public async Task Every_write_issues_a_new_etag()
    {
        var table = NewTable<CounterEntity>();
        var entity = new CounterEntity { PartitionKey = "p", RowKey = "r" };
        var seen = new HashSet<ETag> { await table.InsertAsync(entity) };
        for (var i = 0; i < 3; i++)
        {
            entity.Count = i;
            Assert.True(seen.Add(await table.ReplaceAsync(entity, entity.ETag)));
            Assert.True(seen.Add(await table.UpsertAsync(entity)));
        }
        Assert.Equal(entity.ETag, (await table.GetAsync("p", "r"))!.ETag);
    }

    [Fact]
    public async Task Replace_with_the_current_etag_replaces_every_column()
    {
        var table = NewTable<CounterEntity>();
        var first = new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1, Note = "keep?" };
        var etag1 = await table.InsertAsync(first);

        var etag2 = await table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 }, etag1);

        var read = await table.GetAsync("p", "r");
        Assert.Equal(2, read!.Count);
        Assert.Null(read.Note);
        Assert.Equal(etag2, read.ETag);
        Assert.NotEqual(etag1, etag2);
    }

    [Fact]
    public async Task Replace_with_a_stale_etag_throws_EntityConcurrency()
    {
        var table = NewTable<CounterEntity>();
        var stale = await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });
        await table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 }, stale);

        var ex = await Assert.ThrowsAsync<EntityConcurrencyException>(() =>
            table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 3 }, stale));
        Assert.Equal(412, ex.Status);
        Assert.Equal(2, (await table.GetAsync("p", "r"))!.Count);
    }

    [Fact]
    public async Task Replace_with_etag_all_is_unconditional()
    {
        var table = NewTable<CounterEntity>();
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });
        await table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 5 }, ETag.All);
        Assert.Equal(5, (await table.GetAsync("p", "r"))!.Count);
    }

    [Fact]
    public async Task Replace_of_a_missing_entity_throws_EntityNotFound()
    {
        var table = NewTable<CounterEntity>();
        var etag = await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "gone" });
        await table.DeleteAsync("p", "gone");
        var missing = new CounterEntity { PartitionKey = "p", RowKey = "gone", Count = 1 };

        Assert.Equal(404, (await Assert.ThrowsAsync<EntityNotFoundException>(() => table.ReplaceAsync(missing, etag))).Status);
        await Assert.ThrowsAsync<EntityNotFoundException>(() => table.ReplaceAsync(missing, ETag.All));
        Assert.Null(await table.GetAsync("p", "gone"));
    }

    [Fact]
    public async Task Upsert_inserts_then_replaces()
    {
        var table = NewTable<CounterEntity>();
        var e1 = await table.UpsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1, Note = "n" });
        Assert.Equal(1, (await table.GetAsync("p", "r"))!.Count);

        var e2 = await table.UpsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 });
        var read = await table.GetAsync("p", "r");
        Assert.Equal(2, read!.Count);
        Assert.Null(read.Note);
        Assert.NotEqual(e1, e2);
    }

    [Fact]
    public async Task Delete_reports_whether_the_entity_existed()
    {
        var table = NewTable<CounterEntity>();
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r" });
        Assert.True(await table.DeleteAsync("p", "r"));
        Assert.False(await table.DeleteAsync("p", "r"));
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Delete_with_a_stale_etag_throws_and_with_the_current_one_deletes()
    {
        var table = NewTable<CounterEntity>();
        var stale = await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r" });
        var current = await table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 }, stale);

        await Assert.ThrowsAsync<EntityConcurrencyException>(() => table.DeleteAsync("p", "r", stale));
        Assert.NotNull(await table.GetAsync("p", "r"));
        Assert.True(await table.DeleteAsync("p", "r", current));
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Fact]
    public async Task Tables_are_isolated_from_each_other()
    {
        var a = NewTable<CounterEntity>();
        var b = NewTable<CounterEntity>();
        await a.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 });
        await b.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 });
        Assert.Equal(1, (await a.GetAsync("p", "r"))!.Count);
        Assert.Equal(2, (await b.GetAsync("p", "r"))!.Count);
    }

    [Fact]
    public async Task Query_returns_one_partition_in_ordinal_key_order()
    {
        var table = NewTable<CounterEntity>();
        string[] keys = ["b", "B", "a", "Z", "_", "~", "é", "10", "9", "a b", "ab", "A"];
        foreach (var key in keys)
            await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = key });
        await table.InsertAsync(new CounterEntity { PartitionKey = "other", RowKey = "a" });
        await table.InsertAsync(new CounterEntity { PartitionKey = "p2", RowKey = "a" });

        var page = await table.QueryPartitionAsync("p");

        Assert.Null(page.ContinuationToken);
        Assert.Equal(keys.Order(StringComparer.Ordinal), page.Items.Select(e => e.RowKey));
        Assert.All(page.Items, e => Assert.Equal("p", e.PartitionKey));
        Assert.All(page.Items, e => Assert.NotEqual(default, e.ETag));
    }

    [Fact]
    public async Task Query_of_an_empty_partition_returns_an_empty_page()
    {
        var table = NewTable<CounterEntity>();
        var page = await table.QueryPartitionAsync("nobody");
        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Query_honours_rowkey_ranges_and_prefixes()
    {
        var table = NewTable<CounterEntity>();
        string[] keys = ["msg-001", "msg-002", "msg-003", "msh", "msg", "msg-", "note-1", "a"];
        foreach (var key in keys)
            await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = key });

        async Task<string[]> Keys(RowKeyRange range) =>
            (await table.QueryPartitionAsync("p", range)).Items.Select(e => e.RowKey).ToArray();

        Assert.Equal(["msg-001", "msg-002", "msg-003"], await Keys(RowKeyRange.Prefix("msg-0")));
        Assert.Equal(["msg-002", "msg-003"], await Keys(new RowKeyRange("msg-002", "msg-004")));
        Assert.Equal(["msg-001"], await Keys(new RowKeyRange("msg-0", "msg-002")));
        Assert.Equal(["a", "msg"], await Keys(new RowKeyRange(null, "msg-")));
        Assert.Equal(["msh", "note-1"], await Keys(new RowKeyRange("msh", null)));
        Assert.Empty(await Keys(new RowKeyRange("x", "y")));
    }

    [Fact]
    public async Task Query_pages_through_2500_entities_with_continuation_tokens()
    {
        var table = NewTable<CounterEntity>();
        const int total = 2500;
        for (var start = 0; start < total; start += TableBatchValidation.MaxOperations)
        {
            var ops = Enumerable.Range(start, TableBatchValidation.MaxOperations)
                .Select(i => TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "big", RowKey = $"row-{i:D5}", Count = i }))
                .ToList();
            await table.SubmitBatchAsync(ops);
        }

        var pages = new List<int>();
        var seen = new List<CounterEntity>();
        string? token = null;
        do
        {
            var page = await table.QueryPartitionAsync("big", pageSize: 1000, continuationToken: token);
            pages.Add(page.Items.Count);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
        } while (token is not null);

        Assert.Equal([1000, 1000, 500], pages);
        Assert.Equal(Enumerable.Range(0, total), seen.Select(e => e.Count));

        // A range is honoured across pages too.
        var ranged = new List<string>();
        await foreach (var e in table.QueryPartitionAllAsync("big", new RowKeyRange("row-00990", "row-02010")))
            ranged.Add(e.RowKey);
        Assert.Equal(Enumerable.Range(990, 1020).Select(i => $"row-{i:D5}"), ranged);

        var small = await table.QueryPartitionAsync("big", RowKeyRange.Prefix("row-0000"), pageSize: 3);
        Assert.Equal(["row-00000", "row-00001", "row-00002"], small.Items.Select(e => e.RowKey));
        var rest = await table.QueryPartitionAsync("big", RowKeyRange.Prefix("row-0000"), pageSize: 10, continuationToken: small.ContinuationToken);
        Assert.Equal(Enumerable.Range(3, 7).Select(i => $"row-{i:D5}"), rest.Items.Select(e => e.RowKey));
        Assert.Null(rest.ContinuationToken);
    }

    [Fact]
    public async Task Batch_applies_mixed_operations_and_returns_their_etags()
    {
        var table = NewTable<CounterEntity>();
        var toReplace = new CounterEntity { PartitionKey = "p", RowKey = "replace", Count = 1 };
        var toDelete = new CounterEntity { PartitionKey = "p", RowKey = "delete" };
        await table.InsertAsync(toReplace);
        await table.InsertAsync(toDelete);

        var etags = await table.SubmitBatchAsync([
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "insert", Count = 1 }),
            TableOperation<CounterEntity>.Upsert(new CounterEntity { PartitionKey = "p", RowKey = "upsert", Count = 2 }),
            TableOperation<CounterEntity>.Replace(new CounterEntity { PartitionKey = "p", RowKey = "replace", Count = 3 }, toReplace.ETag),
            TableOperation<CounterEntity>.Delete(toDelete, toDelete.ETag),
        ]);

        Assert.Equal(4, etags.Count);
        Assert.Equal(default, etags[3]);
        var items = (await table.QueryPartitionAsync("p")).Items.ToDictionary(e => e.RowKey);
        Assert.Equal(["insert", "replace", "upsert"], items.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(etags[0], items["insert"].ETag);
        Assert.Equal(etags[1], items["upsert"].ETag);
        Assert.Equal(etags[2], items["replace"].ETag);
        Assert.Equal(3, items["replace"].Count);
    }

    [Fact]
    public async Task Batch_with_one_failing_operation_applies_nothing()
    {
        var table = NewTable<CounterEntity>();
        var existing = new CounterEntity { PartitionKey = "p", RowKey = "existing", Count = 1 };
        var taken = new CounterEntity { PartitionKey = "p", RowKey = "taken", Count = 1 };
        await table.InsertAsync(existing);
        await table.InsertAsync(taken);

        var ex = await Assert.ThrowsAsync<TableBatchException>(() => table.SubmitBatchAsync([
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "new-1" }),
            TableOperation<CounterEntity>.Replace(new CounterEntity { PartitionKey = "p", RowKey = "existing", Count = 99 }, existing.ETag),
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "taken" }),
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "new-2" }),
        ]));

        Assert.Equal(2, ex.FailedIndex);
        Assert.Equal("EntityAlreadyExists", ex.ErrorCode);
        var items = (await table.QueryPartitionAsync("p")).Items;
        Assert.Equal(["existing", "taken"], items.Select(e => e.RowKey));
        Assert.All(items, e => Assert.Equal(1, e.Count));
        Assert.Equal(existing.ETag, items[0].ETag);
    }

    [Fact]
    public async Task Batch_with_a_stale_etag_fails_at_that_operation_and_applies_nothing()
    {
        var table = NewTable<CounterEntity>();
        var entity = new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 1 };
        var stale = await table.InsertAsync(entity);
        await table.ReplaceAsync(entity, stale);

        var ex = await Assert.ThrowsAsync<TableBatchException>(() => table.SubmitBatchAsync([
            TableOperation<CounterEntity>.Upsert(new CounterEntity { PartitionKey = "p", RowKey = "other" }),
            TableOperation<CounterEntity>.Replace(new CounterEntity { PartitionKey = "p", RowKey = "r", Count = 2 }, stale),
        ]));
        Assert.Equal(1, ex.FailedIndex);
        Assert.Equal(412, ex.Status);
        Assert.Single((await table.QueryPartitionAsync("p")).Items);
    }

    [Fact]
    public async Task Batch_is_refused_before_any_write_when_too_big_mixed_or_repeating()
    {
        var table = NewTable<CounterEntity>();
        var tooMany = Enumerable.Range(0, 101)
            .Select(i => TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = $"r{i}" })).ToList();
        Assert.Contains("100", (await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(tooMany))).Message);

        var mixed = new[]
        {
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "a" }),
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "q", RowKey = "b" }),
        };
        Assert.Contains("partition", (await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(mixed))).Message);

        var twice = new[]
        {
            TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = "a" }),
            TableOperation<CounterEntity>.Upsert(new CounterEntity { PartitionKey = "p", RowKey = "a" }),
        };
        Assert.Contains("once", (await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitBatchAsync(twice))).Message);

        Assert.Empty((await table.QueryPartitionAsync("p")).Items);
        Assert.Empty((await table.QueryPartitionAsync("q")).Items);
    }

    [Fact]
    public async Task Batch_of_exactly_100_operations_is_accepted()
    {
        var table = NewTable<CounterEntity>();
        var ops = Enumerable.Range(0, 100)
            .Select(i => TableOperation<CounterEntity>.Insert(new CounterEntity { PartitionKey = "p", RowKey = $"r{i:D3}", Count = i })).ToList();
        var etags = await table.SubmitBatchAsync(ops);

        // One batch may stamp its entities with one shared version (Azure's ETags are timestamps), so compare per entity.
        var stored = (await table.QueryPartitionAsync("p")).Items;
        Assert.Equal(100, stored.Count);
        Assert.Equal(etags, stored.Select(e => e.ETag));
        Assert.Equal(etags, ops.Select(op => op.Entity.ETag));
        Assert.All(etags, etag => Assert.NotEqual(default, etag));
    }

    [Fact]
    public async Task Twenty_concurrent_conditional_updates_of_one_version_have_exactly_one_winner()
    {
        var table = NewTable<CounterEntity>();
        var version = await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "counter", Count = 0 });
        using var start = new SemaphoreSlim(0);

        var attempts = Enumerable.Range(0, 20).Select(async i =>
        {
            await start.WaitAsync();
            try
            {
                await table.ReplaceAsync(new CounterEntity { PartitionKey = "p", RowKey = "counter", Count = 1, Note = $"writer {i}" }, version);
                return true;
            }
            catch (EntityConcurrencyException)
            {
                return false;
            }
        }).ToList();
        start.Release(20);
        var outcomes = await Task.WhenAll(attempts);

        Assert.Single(outcomes, won => won);
        Assert.Equal(1, (await table.GetAsync("p", "counter"))!.Count);
    }

    [Fact]
    public async Task Twenty_concurrent_read_modify_write_loops_lose_no_update()
    {
        var table = NewTable<CounterEntity>();
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "counter", Count = 0 });
        var winningVersions = new System.Collections.Concurrent.ConcurrentBag<ETag>();
        using var start = new SemaphoreSlim(0);

        var workers = Enumerable.Range(0, 20).Select(async _ =>
        {
            await start.WaitAsync();
            while (true)
            {
                var current = (await table.GetAsync("p", "counter"))!;
                var read = current.ETag;
                current.Count++;
                try
                {
                    await table.ReplaceAsync(current, read);
                    winningVersions.Add(read);
                    return;
                }
                catch (EntityConcurrencyException)
                {
                    // Lost the race for this version: read again and retry.
                }
            }
        }).ToList();
        start.Release(20);
        await Task.WhenAll(workers);

        Assert.Equal(20, winningVersions.Count);
        Assert.Equal(20, winningVersions.Distinct().Count());
        Assert.Equal(winningVersions.Count, (await table.GetAsync("p", "counter"))!.Count);
    }

    [Theory]
    [InlineData("a/b", "ok", "PartitionKey")]
    [InlineData("ok", "a\\b", "RowKey")]
    [InlineData("a#b", "ok", "PartitionKey")]
    [InlineData("ok", "what?", "RowKey")]
    [InlineData("ok", "tab\there", "RowKey")]
    public async Task Invalid_keys_are_refused_naming_the_field(string pk, string rk, string field)
    {
        var table = NewTable<CounterEntity>();
        var ex = await Assert.ThrowsAsync<EntityValidationException>(() => table.InsertAsync(new CounterEntity { PartitionKey = pk, RowKey = rk }));
        Assert.Equal(field, ex.Field);
        Assert.Contains(field, ex.Message);
        await Assert.ThrowsAsync<EntityValidationException>(() => table.GetAsync(pk, rk));
    }

    [Fact]
    public async Task Over_long_string_is_refused_naming_the_column()
    {
        var table = NewTable<CounterEntity>();
        var ex = await Assert.ThrowsAsync<EntityValidationException>(() =>
            table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Note = new string('x', EntityMapper.MaxStringLength + 1) }));
        Assert.Equal(nameof(CounterEntity.Note), ex.Field);
        Assert.Null(await table.GetAsync("p", "r"));

        // Exactly at the limit is fine.
        await table.InsertAsync(new CounterEntity { PartitionKey = "p", RowKey = "r", Note = new string('x', EntityMapper.MaxStringLength) });
        Assert.Equal(EntityMapper.MaxStringLength, (await table.GetAsync("p", "r"))!.Note!.Length);
    }

    [Fact]
    public async Task Oversized_entity_is_refused_naming_the_entity()
    {
        var table = NewTable<OversizedEntity>();
        var big = new string('y', EntityMapper.MaxStringLength);
        var entity = new OversizedEntity { PartitionKey = "p", RowKey = "r" };
        foreach (var property in typeof(OversizedEntity).GetProperties().Where(p => p.Name.StartsWith('S')))
            property.SetValue(entity, big);

        var ex = await Assert.ThrowsAsync<EntityValidationException>(() => table.InsertAsync(entity));
        Assert.Equal(nameof(OversizedEntity), ex.Field);
        Assert.Null(await table.GetAsync("p", "r"));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1abc")]
    [InlineData("has-dash")]
    [InlineData("tables")]
    public void Invalid_table_names_are_refused(string name)
    {
        var ex = Assert.Throws<EntityValidationException>(() => Store.GetTable<CounterEntity>(name));
        Assert.Equal("TableName", ex.Field);
    }
}
