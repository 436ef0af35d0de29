using System.Security.Cryptography;
using Azure;
using BotService.Channels.Sms;
using BotService.Channels.Twilio;
using BotService.Privacy;
using BotService.Storage;
using BotService.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BotService.Tests.Channels.Twilio;

public sealed class ProcessedMessagesTests
{
    private readonly InMemoryTableStore _store = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero));
    private readonly SmsOptions _options = new() { DuplicateWait = TimeSpan.FromMilliseconds(200) };

    private ProcessedMessages Create() => new(_store, new KeyedHasher(RandomNumberGenerator.GetBytes(32)),
        new FieldEncryptor(RandomNumberGenerator.GetBytes(32)), _time, Options.Create(_options), NullLogger<ProcessedMessages>.Instance);

    /// <summary>A duplicate polls on the clock until its wait runs out: move the clock until it answers.</summary>
    private async Task<string> WhileWaitingAsync(Task<string> duplicate)
    {
        for (var i = 0; i < 1_000 && !duplicate.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }
        return await duplicate.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Records_older_than_two_days_are_purged_and_newer_ones_kept()
    {
        var processed = Create();
        await processed.RunOnceAsync("SMold", () => Task.FromResult(Twiml.Render(["old"])), default);
        _time.Advance(TimeSpan.FromDays(1.5));
        await processed.RunOnceAsync("SMnew", () => Task.FromResult(Twiml.Render(["new"])), default);
        _time.Advance(TimeSpan.FromDays(0.6));

        Assert.Equal(1, await processed.PurgeAsync(default));
        Assert.Equal(1, _store.EntityCount);
        var runs = 0;
        Assert.Equal(Twiml.Render(["new"]), await processed.RunOnceAsync("SMnew", () => { runs++; return Task.FromResult(Twiml.Empty); }, default));
        Assert.Equal(0, runs);
    }

    [Fact]
    public async Task A_turn_abandoned_mid_way_is_taken_over_by_a_later_retry()
    {
        var processed = Create();
        var first = new TaskCompletionSource<string>();
        var abandoned = processed.RunOnceAsync("SMx", () => first.Task, default);

        Assert.Equal(Twiml.Empty, await WhileWaitingAsync(processed.RunOnceAsync("SMx", () => Task.FromResult("never"), default)));
        _time.Advance(_options.StaleProcessingAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(Twiml.Render(["again"]), await processed.RunOnceAsync("SMx", () => Task.FromResult(Twiml.Render(["again"])), default));

        // The original finishing late cannot overwrite the takeover's stored reply (its ETag is stale).
        first.SetResult(Twiml.Render(["late"]));
        await abandoned;
        Assert.Equal(Twiml.Render(["again"]), await processed.RunOnceAsync("SMx", () => Task.FromResult("never"), default));
    }

    [Fact]
    public async Task The_answer_does_not_wait_for_its_reply_to_be_stored_and_a_later_retry_still_gets_it()
    {
        var gated = new GatedReplaceStore(_store);
        var processed = new ProcessedMessages(gated, new KeyedHasher(RandomNumberGenerator.GetBytes(32)),
            new FieldEncryptor(RandomNumberGenerator.GetBytes(32)), _time, Options.Create(_options), NullLogger<ProcessedMessages>.Instance);

        var answer = processed.RunOnceAsync("SMgated", () => Task.FromResult(Twiml.Render(["hello"])), default);
        Assert.Equal(Twiml.Render(["hello"]), await answer.WaitAsync(TimeSpan.FromSeconds(5)));
        var flushed = processed.FlushAsync();
        Assert.False(flushed.IsCompleted);

        gated.Open.SetResult();
        await flushed.WaitAsync(TimeSpan.FromSeconds(5));
        var runs = 0;
        Assert.Equal(Twiml.Render(["hello"]), await processed.RunOnceAsync("SMgated", () => { runs++; return Task.FromResult(Twiml.Empty); }, default));
        Assert.Equal(0, runs);
    }

    /// <summary>Holds every replace until <see cref="Open"/> is set; everything else goes straight through.</summary>
    private sealed class GatedReplaceStore(ITableStore inner) : ITableStore
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string ProviderName => inner.ProviderName;
        public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => inner.IsHealthyAsync(cancellationToken);
        public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() => new Table<T>(inner.GetTable<T>(tableName), Open.Task);

        private sealed class Table<T>(ITable<T> inner, Task open) : ITable<T> where T : class, ITableEntity, new()
        {
            public string Name => inner.Name;
            public Task<T?> GetAsync(string pk, string rk, CancellationToken ct = default) => inner.GetAsync(pk, rk, ct);
            public Task<ETag> InsertAsync(T e, CancellationToken ct = default) => inner.InsertAsync(e, ct);
            public async Task<ETag> ReplaceAsync(T e, ETag m, CancellationToken ct = default) { await open; return await inner.ReplaceAsync(e, m, ct); }
            public Task<ETag> UpsertAsync(T e, CancellationToken ct = default) => inner.UpsertAsync(e, ct);
            public Task<bool> DeleteAsync(string pk, string rk, ETag m = default, CancellationToken ct = default) => inner.DeleteAsync(pk, rk, m, ct);
            public Task<TablePage<T>> QueryPartitionAsync(string pk, RowKeyRange? r = null, int size = 1000, string? token = null, CancellationToken ct = default) =>
                inner.QueryPartitionAsync(pk, r, size, token, ct);
            public Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> ops, CancellationToken ct = default) => inner.SubmitBatchAsync(ops, ct);
        }
    }

    [Fact]
    public void Twiml_drops_characters_that_would_make_the_document_invalid()
    {
        var twiml = Twiml.Render(["a\u0001b\uD800c 😀 & <", "", "  "]);
        var doc = System.Xml.Linq.XDocument.Parse(twiml);
        Assert.Equal("abc 😀 & <", Assert.Single(doc.Root!.Elements("Message")).Value);
    }
}
