using System.Collections.Concurrent;
using BotService.Channels.Sms;
using BotService.Privacy;
using BotService.Storage;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

/// <summary>
/// Makes the webhook idempotent per MessageSid. The record is inserted before the turn runs, so of two concurrent
/// deliveries exactly one wins the insert and runs the turn; the other waits for the stored reply.
/// </summary>
public sealed partial class ProcessedMessages(
    ITableStore store, KeyedHasher hasher, FieldEncryptor encryptor, TimeProvider time,
    IOptions<SmsOptions> options, ILogger<ProcessedMessages> logger)
{
    public const string TableName = "smsprocessed";
    public const string Partition = "inbound";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private readonly ConcurrentDictionary<Task, byte> _storing = new();

    private ITable<ProcessedMessageEntity> Table => store.GetTable<ProcessedMessageEntity>(TableName);

    public string RowKeyFor(string messageSid) => hasher.Hash("twilio-message-sid", messageSid);

    /// <summary>
    /// Runs <paramref name="renderTurn"/> (which must not throw) at most once per <paramref name="messageSid"/> and
    /// returns its TwiML; a repeat returns the stored TwiML, or empty TwiML if the first is still running.
    /// </summary>
    public async Task<string> RunOnceAsync(string messageSid, Func<Task<string>> renderTurn, CancellationToken cancellationToken)
    {
        var rowKey = RowKeyFor(messageSid);
        var tag = rowKey[..8];
        Claim claim;
        try
        {
            claim = await ClaimAsync(rowKey, tag, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Storage is down. Answering twice is a smaller harm than leaving her without an answer.
            LogStoreUnavailable(logger, e.GetType().Name, tag);
            return await renderTurn();
        }

        if (claim.Entity is not { } claimed) return claim.Answer ?? Twiml.Empty;
        var twiml = await renderTurn();
        // Not awaited: the stored reply only serves a retry, and Twilio retries only when it did not get this answer.
        // Her reply should not wait for that commit too (under load each commit wait is a chance to meet a slow one).
        TrackStoring(StoreReplyAsync(claimed, twiml, tag));
        return twiml;
    }

    private async Task StoreReplyAsync(ProcessedMessageEntity claimed, string twiml, string tag)
    {
        try
        {
            claimed.State = ProcessingState.Done;
            claimed.ReplyProtected = encryptor.Encrypt(twiml);
            await Table.ReplaceAsync(claimed, claimed.ETag, CancellationToken.None);
        }
        catch (Exception e)
        {
            LogReplyNotStored(logger, tag, e.GetType().Name);
        }
    }

    private void TrackStoring(Task storing)
    {
        if (storing.IsCompleted) return;
        _storing.TryAdd(storing, 0);
        storing.ContinueWith(static (t, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(t, out _), _storing,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits for replies still being stored (shutdown, tests); they never throw.</summary>
    public Task FlushAsync() => Task.WhenAll(_storing.Keys);

    /// <summary>Either this delivery owns the turn (<see cref="Entity"/>), or it is a repeat with its <see cref="Answer"/>.</summary>
    private readonly record struct Claim(ProcessedMessageEntity? Entity, string? Answer);

    private async Task<Claim> ClaimAsync(string rowKey, string tag, CancellationToken cancellationToken)
    {
        var table = Table;
        var settings = options.Value;
        // Monotonic: a wall-clock adjustment must not make a duplicate wait forever or not at all.
        var waitStarted = time.GetTimestamp();
        while (true)
        {
            var mine = new ProcessedMessageEntity { PartitionKey = Partition, RowKey = rowKey, State = ProcessingState.Processing, CreatedAt = time.GetUtcNow() };
            try
            {
                await table.InsertAsync(mine, cancellationToken);
                return new Claim(mine, null);
            }
            catch (EntityAlreadyExistsException)
            {
            }

            var existing = await table.GetAsync(Partition, rowKey, cancellationToken);
            if (existing is null) continue; // purged between our insert and read: try the insert again
            if (existing.State == ProcessingState.Done)
            {
                LogAlreadyProcessed(logger, tag);
                return new Claim(null, Decrypt(existing.ReplyProtected, tag));
            }
            if (time.GetUtcNow() - existing.CreatedAt > settings.StaleProcessingAfter)
            {
                existing.CreatedAt = time.GetUtcNow();
                try
                {
                    await table.ReplaceAsync(existing, existing.ETag, cancellationToken);
                    LogAbandoned(logger, tag);
                    return new Claim(existing, null);
                }
                catch (EntityConcurrencyException)
                {
                    // Another retry took it over first; wait for that one like any other duplicate.
                }
            }
            if (time.GetElapsedTime(waitStarted) >= settings.DuplicateWait)
            {
                LogStillProcessing(logger, tag);
                return new Claim(null, Twiml.Empty);
            }
            await Task.Delay(PollInterval, time, cancellationToken);
        }
    }

    private string Decrypt(string? protectedReply, string tag)
    {
        if (protectedReply is null) return Twiml.Empty;
        try
        {
            return encryptor.Decrypt(protectedReply);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException)
        {
            LogUndecryptable(logger, tag, e.GetType().Name);
            return Twiml.Empty;
        }
    }

    /// <summary>Deletes records older than <see cref="SmsOptions.ProcessedRetention"/>. Returns how many.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = time.GetUtcNow() - options.Value.ProcessedRetention;
        var old = new List<ProcessedMessageEntity>();
        await foreach (var entity in Table.QueryPartitionAllAsync(Partition, cancellationToken: cancellationToken))
            if (entity.CreatedAt < cutoff) old.Add(entity);
        var deleted = 0;
        foreach (var entity in old)
        {
            try
            {
                if (await Table.DeleteAsync(Partition, entity.RowKey, entity.ETag, cancellationToken)) deleted++;
            }
            catch (EntityConcurrencyException)
            {
                // Taken over by a retry since we read it: it is fresh again.
            }
        }
        return deleted;
    }

    [LoggerMessage(EventId = 7401, Level = LogLevel.Warning, Message = "Idempotency store unavailable ({ExceptionType}); message {MessageTag} runs without duplicate protection.")]
    private static partial void LogStoreUnavailable(ILogger logger, string exceptionType, string messageTag);

    [LoggerMessage(EventId = 7402, Level = LogLevel.Warning, Message = "Could not store the reply to message {MessageTag} ({ExceptionType}); a retry will get an empty reply.")]
    private static partial void LogReplyNotStored(ILogger logger, string messageTag, string exceptionType);

    [LoggerMessage(EventId = 7403, Level = LogLevel.Information, Message = "Message {MessageTag} was already processed; returning the stored reply.")]
    private static partial void LogAlreadyProcessed(ILogger logger, string messageTag);

    [LoggerMessage(EventId = 7404, Level = LogLevel.Warning, Message = "Message {MessageTag} was abandoned mid-turn; running it again.")]
    private static partial void LogAbandoned(ILogger logger, string messageTag);

    [LoggerMessage(EventId = 7405, Level = LogLevel.Information, Message = "Message {MessageTag} is still being processed by an earlier delivery; answering this duplicate with an empty reply.")]
    private static partial void LogStillProcessing(ILogger logger, string messageTag);

    [LoggerMessage(EventId = 7406, Level = LogLevel.Warning, Message = "The stored reply to message {MessageTag} cannot be decrypted ({ExceptionType}).")]
    private static partial void LogUndecryptable(ILogger logger, string messageTag, string exceptionType);
}
