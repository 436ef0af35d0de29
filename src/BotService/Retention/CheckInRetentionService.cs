using BotService.CheckIns;
using Microsoft.Extensions.Options;

namespace BotService.Retention;

/// <summary>
/// Daily purge of check-ins older than <c>Retention:CheckInDays</c>. Walks a bounded window of past dates each run
/// (deletes are idempotent), on the injected TimeProvider so tests can move the clock.
/// </summary>
public sealed partial class CheckInRetentionService(CheckInStore store, IOptions<RetentionOptions> options, TimeProvider time,
    ILogger<CheckInRetentionService> logger) : BackgroundService
{
    /// <summary>How far before the cut-off each run looks; covers a host that was down for weeks.</summary>
    public const int LookbackDays = 60;

    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        // A day of slack: her local date can be a day ahead of or behind UTC.
        var cutoff = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-options.Value.CheckInDays - 1);
        return await store.PurgeDatesAsync(cutoff.AddDays(-LookbackDays), cutoff, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await RunOnceAsync(stoppingToken);
                if (deleted > 0) LogPurged(logger, deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogRunFailed(logger, e.GetType().Name);
            }
            try { await Task.Delay(TimeSpan.FromHours(24), time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    [LoggerMessage(EventId = 4140, Level = LogLevel.Information, Message = "Check-in retention purged {Count} rows.")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(EventId = 4141, Level = LogLevel.Warning, Message = "Check-in retention run failed ({ExceptionType}); next run tomorrow.")]
    private static partial void LogRunFailed(ILogger logger, string exceptionType);
}
