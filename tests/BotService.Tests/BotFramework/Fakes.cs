using System.Collections.Concurrent;
using Azure;
using BotService.Conversation;
using BotService.Storage;

namespace BotService.Tests.BotFramework;

/// <summary>
/// Answers like the turn pipeline would, with canned replies: the real pipeline is another branch's; this channel
/// only has to carry whatever it says. Records every turn so tests can assert a refused request ran none.
/// </summary>
public sealed class CannedTurnHandler : ITurnHandler
{
    public ConcurrentQueue<InboundMessage> Turns { get; } = new();

    public Task<TurnReply> HandleTurnAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        Turns.Enqueue(message);
        var text = message.Text.Trim().ToLowerInvariant();
        TurnReply reply = text switch
        {
            "" => new(["Hi, I'm a peer-support bot for women in recovery. Can I send you a short daily check-in? Reply YES or NO.",
                "You can text HELP any time."]),
            "yes" => new(["When should I check in?\n1 Morning\n2 Afternoon\n3 Evening"]),
            _ when text.Contains("kill myself") => new(["You matter. Call or text 988 (Suicide & Crisis Lifeline) now, any time, day or night."]),
            _ => new(["Thanks for telling me."]),
        };
        return Task.FromResult(reply);
    }
}

/// <summary>The outbox seam, kept in memory with its dedupe rule. Tests drain it through the transport.</summary>
public sealed class RecordingOutbox : IOutbox
{
    private readonly ConcurrentDictionary<string, OutboundMessage> _byKey = new();
    public ConcurrentQueue<OutboundMessage> Messages { get; } = new();

    public Task<bool> EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (!_byKey.TryAdd(message.DedupeKey, message)) return Task.FromResult(false);
        Messages.Enqueue(message);
        return Task.FromResult(true);
    }

    public List<OutboundMessage> TakeAll()
    {
        var all = new List<OutboundMessage>();
        while (Messages.TryDequeue(out var m)) all.Add(m);
        return all;
    }
}

/// <summary>Enough of the table contract for these tests (the SQLite and Azure stores are another branch's).</summary>
public sealed class InMemoryTableStore : ITableStore
{
    private readonly ConcurrentDictionary<string, object> _tables = new();
    public string ProviderName => "InMemory";
    public ITable<T> GetTable<T>(string tableName) where T : class, ITableEntity, new() =>
        (ITable<T>)_tables.GetOrAdd(tableName, n => new Table<T>(n));
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default) => Task.FromResult(true);

    public int Count(string tableName) => _tables.TryGetValue(tableName, out var t) ? ((ICountable)t).Count : 0;

    private interface ICountable { int Count { get; } }

    private sealed class Table<T>(string name) : ITable<T>, ICountable where T : class, ITableEntity, new()
    {
        // Stored as columns, like a real store, so entities round-trip through the mapper's rules.
        private readonly ConcurrentDictionary<(string, string), Dictionary<string, EntityProperty>> _rows = new();
        public string Name => name;
        public int Count => _rows.Count;

        public Task<T?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default) =>
            Task.FromResult(_rows.TryGetValue((partitionKey, rowKey), out var p)
                ? EntityMapper.FromProperties<T>(partitionKey, rowKey, new ETag("1"), DateTimeOffset.UtcNow, p)
                : null);

        public Task<ETag> InsertAsync(T entity, CancellationToken cancellationToken = default)
        {
            if (!_rows.TryAdd((entity.PartitionKey, entity.RowKey), EntityMapper.ToProperties(entity)))
                throw new EntityAlreadyExistsException(name, entity.PartitionKey, entity.RowKey);
            return Task.FromResult(entity.ETag = new ETag("1"));
        }

        public Task<ETag> UpsertAsync(T entity, CancellationToken cancellationToken = default)
        {
            _rows[(entity.PartitionKey, entity.RowKey)] = EntityMapper.ToProperties(entity);
            return Task.FromResult(entity.ETag = new ETag("1"));
        }

        public Task<ETag> ReplaceAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) => UpsertAsync(entity, cancellationToken);
        public Task<ETag> MergeAsync(T entity, ETag ifMatch, CancellationToken cancellationToken = default) => UpsertAsync(entity, cancellationToken);

        public Task<bool> DeleteAsync(string partitionKey, string rowKey, ETag ifMatch = default, CancellationToken cancellationToken = default) =>
            Task.FromResult(_rows.TryRemove((partitionKey, rowKey), out _));

        public Task<TablePage<T>> QueryPartitionAsync(string partitionKey, RowKeyRange? range = null, int pageSize = 1000,
            string? continuationToken = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new TablePage<T>(_rows.Where(r => r.Key.Item1 == partitionKey).OrderBy(r => r.Key.Item2, StringComparer.Ordinal)
                .Select(r => EntityMapper.FromProperties<T>(r.Key.Item1, r.Key.Item2, new ETag("1"), null, r.Value)).ToList(), null));

        public Task<IReadOnlyList<ETag>> SubmitBatchAsync(IReadOnlyList<TableOperation<T>> operations, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("Not needed by the Bot Framework tests.");
    }
}

/// <summary>A clock the token-cache tests move by hand.</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}
