using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace BotService.Channels.Twilio;

/// <summary>Purges old processed-message records a few times a day.</summary>
internal sealed class ProcessedMessagesCleanup(ProcessedMessages processed, TimeProvider time, ILogger<ProcessedMessagesCleanup> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromHours(6);

    /// <summary>Also lets replies still being stored finish before the store is disposed (bounded by the host's shutdown timeout).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try { await processed.FlushAsync().WaitAsync(cancellationToken); }
        catch (OperationCanceledException) { logger.LogWarning("Shutdown timed out while replies were still being stored."); }
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
                    if (deleted > 0) logger.LogInformation("Purged {Count} processed-message records.", deleted);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Processed-message purge failed ({ExceptionType}); will retry later.", e.GetType().Name);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
