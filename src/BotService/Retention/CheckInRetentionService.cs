using System.Globalization;
using BotService.CheckIns;
using Microsoft.Extensions.Options;

namespace BotService.Retention;

/// <summary>
/// Daily purge of check-ins older than <c>Retention:CheckInDays</c>. Walks a bounded window of past dates each run
/// (deletes are idempotent), on the injected TimeProvider so tests can move the clock.
/// </summary>
public sealed class CheckInRetentionService(CheckInStore store, IOptions<RetentionOptions> options, TimeProvider time,
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
                if (deleted > 0) logger.LogInformation("Check-in retention purged {Count} rows.", deleted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Check-in retention run failed ({ExceptionType}); next run tomorrow.", e.GetType().Name);
            }
            try { await Task.Delay(TimeSpan.FromHours(24), time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
