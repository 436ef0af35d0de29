namespace BotService.Channels.Twilio;

/// <summary>Purges old processed-message records a few times a day.</summary>
internal sealed partial class ProcessedMessagesCleanup(ProcessedMessages processed, TimeProvider time, ILogger<ProcessedMessagesCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    /// <summary>Also lets replies still being stored finish before the store is disposed (bounded by the host's shutdown timeout).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await processed.FlushAsync().WaitAsync(cancellationToken); }
        catch (OperationCanceledException) { LogFlushTimedOut(logger); }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), time, stoppingToken);
            using var timer = new PeriodicTimer(Interval, time);
            do
            {
                try
                {
                    var deleted = await processed.PurgeAsync(stoppingToken);
                    if (deleted > 0) LogPurged(logger, deleted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPurgeFailed(logger, e.GetType().Name);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 7407, Level = LogLevel.Warning, Message = "Shutdown timed out while replies were still being stored.")]
    private static partial void LogFlushTimedOut(ILogger logger);

    [LoggerMessage(EventId = 7408, Level = LogLevel.Information, Message = "Purged {Count} processed-message records.")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 7409, Level = LogLevel.Warning, Message = "Processed-message purge failed ({ExceptionType}); will retry later.")]
    private static partial void LogPurgeFailed(ILogger logger, string exceptionType);
}
