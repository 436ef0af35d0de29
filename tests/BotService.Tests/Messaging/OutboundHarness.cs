using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using BotService.Messaging;
using BotService.Messaging.Outbox;
using BotService.Privacy;
using BotService.Storage;
using BotService.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace BotService.Tests.Messaging;

/// <summary>An outbox, its dispatcher and a manual clock, wired by hand; tests drive time with <see cref="RunAsync"/>.</summary>
internal sealed class OutboundHarness : IAsyncDisposable
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero));
    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("outbox-tests-").FullName;
    public SqliteTableStore Store { get; }
    public KeyedHasher Hasher { get; } = new(RandomNumberGenerator.GetBytes(32));
    public FieldEncryptor Encryptor { get; } = new(RandomNumberGenerator.GetBytes(32));
    public OutboxSignal Signal { get; } = new();
    public RecordingSink Sink { get; } = new();
    public OutboxOptions Options { get; } = new();
    public TwilioOptions Twilio { get; } = new() { MessagesPerSecond = 1 };
    public TableOutbox Outbox { get; }
    public OutboxDispatcher? Dispatcher { get; private set; }

    /// <summary>Besides an idle dispatcher, another state in which the test may move the clock (e.g. a request the
    /// stand-in server is holding until the client times out).</summary>
    public Func<bool> AlsoQuiet { get; set; } = () => false;

    public OutboundHarness()
    {
        Store = new SqliteTableStore(Path.Combine(DataDirectory, "outbox.db"));
        Outbox = new TableOutbox(Store, Hasher, Encryptor, Clock, Signal, Sink, NullLogger<TableOutbox>.Instance);
    }

    /// <summary>Who the send-time gate treats as opted out (tests add to it).</summary>
    public List<BotService.Members.IOptOutLookup> OptOuts { get; } = [];

    public async Task<OutboxDispatcher> StartDispatcherAsync(params IMessageTransport[] transports)
    {
        var gate = new BotService.Members.MemberSendGate(Store, OptOuts, new BotService.Members.QuietHoursPolicy(new BotService.CheckIns.CheckInOptions().QuietHours), Clock);
        Dispatcher = new OutboxDispatcher(Outbox, transports, Sink, gate, Signal, Clock, Microsoft.Extensions.Options.Options.Create(Options),
            Microsoft.Extensions.Options.Options.Create(Twilio), Store, NullLogger<OutboxDispatcher>.Instance) { Random = new Random(7) };
        await Dispatcher.StartAsync(CancellationToken.None);
        await SettleAsync();
        return Dispatcher;
    }

    /// <summary>Stops the dispatcher the way a crash or shutdown would: whatever it was doing is abandoned.</summary>
    public async Task StopDispatcherAsync()
    {
        if (Dispatcher is null) return;
        await Dispatcher.StopAsync(CancellationToken.None);
        Dispatcher.Dispose();
        Dispatcher = null;
    }

    public Task<bool> EnqueueAsync(string to, string body, MessagePriority priority = MessagePriority.Normal, string? dedupeKey = null, string channel = ChannelNames.Sms) =>
        Outbox.EnqueueAsync(new OutboundMessage(channel, to, body, priority, dedupeKey ?? Guid.NewGuid().ToString()), CancellationToken.None);

    /// <summary>Waits (real time, bounded) until the dispatcher is parked or <see cref="AlsoQuiet"/> holds.</summary>
    public async Task SettleAsync()
    {
        var watch = Stopwatch.StartNew();
        while (Dispatcher is { } d && !d.IsIdle)
        {
            if (AlsoQuiet())
            {
                // The stand-in notices an abandoned request late, so "a request is hanging" can be stale while the
                // dispatcher's next request is already on its way. Give that request real time to land before the
                // clock moves on, or a slow machine turns it into a false timeout and a duplicate send.
                await Task.Delay(50);
                if (AlsoQuiet()) return;
                continue;
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(15)) throw new TimeoutException("The dispatcher did not settle.");
            await Task.Delay(1);
        }
    }

    /// <summary>Moves the clock in <paramref name="step"/>s, letting the dispatcher finish each step, until
    /// <paramref name="until"/> holds or <paramref name="limit"/> of fake time passed. Returns the fake time used.</summary>
    public async Task<TimeSpan> RunAsync(TimeSpan limit, TimeSpan step, Func<bool>? until = null)
    {
        var start = Clock.GetUtcNow();
        await SettleAsync();
        while (Clock.GetUtcNow() - start < limit && !(until?.Invoke() ?? false))
        {
            Clock.Advance(step);
            await SettleAsync();
        }
        return Clock.GetUtcNow() - start;
    }

    public async Task<List<OutboxRow>> RowsAsync(string prefix)
    {
        var table = Store.GetTable<OutboxRow>(OutboxRow.TableName);
        var rows = new List<OutboxRow>();
        await foreach (var row in table.QueryPartitionAllAsync(OutboxRow.Partition, RowKeyRange.Prefix(prefix))) rows.Add(row);
        return rows;
    }

    public Task<List<OutboxRow>> MessagesAsync() => RowsAsync("msg-");

    /// <summary>Every stored row as text ("table|pk|rk|payload"), for privacy assertions.</summary>
    public async Task<string> DumpAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Store.DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM entities";
        await using var reader = await command.ExecuteReaderAsync();
        var dump = new System.Text.StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++) dump.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
            dump.AppendLine();
        }
        return dump.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await StopDispatcherAsync();
        Store.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}

internal sealed class RecordingSink : IRecipientStatusSink
{
    public ConcurrentQueue<(string Kind, string Channel, string Recipient, string? Code)> Calls { get; } = new();

    public Task RecipientOptedOutAsync(string channel, string recipientAddress, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("opted-out", channel, recipientAddress, null));
        return Task.CompletedTask;
    }

    public Task RecipientUnreachableAsync(string channel, string recipientAddress, string? errorCode, CancellationToken cancellationToken)
    {
        Calls.Enqueue(("unreachable", channel, recipientAddress, errorCode));
        return Task.CompletedTask;
    }
}

/// <summary>A transport that records each call with the fake time and answers from a script.</summary>
internal sealed class ScriptedTransport(TimeProvider clock, string channel = ChannelNames.Sms, string? pacingKey = null, double messagesPerSecond = 1)
    : IMessageTransport, IPacedTransport
{
    private int _calls;

    public string Channel => channel;
    public string PacingKeyFor(int recipientBucket) => pacingKey ?? channel;
    public double MessagesPerSecondOf(string key) => messagesPerSecond;
    public ConcurrentQueue<(DateTimeOffset At, string To, string Body, string Id)> Sent { get; } = new();
    public int Calls => Volatile.Read(ref _calls);
    public int InFlight;

    /// <summary>Answer for the n-th call (1-based); default accepts.</summary>
    public Func<int, string, CancellationToken, Task<SendOutcome>> Script { get; set; } =
        (_, _, _) => Task.FromResult(new SendOutcome(SendOutcomeKind.Accepted, "SM" + Guid.NewGuid().ToString("N")));

    public async Task<SendOutcome> SendAsync(string recipientAddress, string body, string outboxMessageId, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        Sent.Enqueue((clock.GetUtcNow(), recipientAddress, body, outboxMessageId));
        Interlocked.Increment(ref InFlight);
        try { return await Script(n, recipientAddress, cancellationToken); }
        finally { Interlocked.Decrement(ref InFlight); }
    }
}
