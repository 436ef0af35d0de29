using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>
/// Shortly after start and then every <see cref="ConsoleOptions.UpkeepInterval"/> (on the injected clock): deletes
/// audit entries older than <see cref="ConsoleOptions.AuditRetention"/> and counts the members again for line health.
/// Every instance runs it; the purge is idempotent and a count made recently by another instance is not repeated.
/// </summary>
public sealed partial class ConsoleUpkeep(AuditLog audit, MemberCounts members, IOptions<ConsoleOptions> options, TimeProvider time, ILogger<ConsoleUpkeep> logger)
    : BackgroundService
{
    public static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(StartDelay, time, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.UpkeepInterval, time);
            do
            {
                await RunOnceAsync(stoppingToken);
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass of both jobs; a failure of one is logged (no row content) and does not stop the other.</summary>
    public async Task RunOnceAsync(CancellationToken ct)
    {
        try
        {
            var deleted = await audit.PurgeOlderThanAsync(time.GetUtcNow() - options.Value.AuditRetention, ct);
            if (deleted > 0) LogPurged(deleted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed("audit purge", e.GetType().Name);
        }
        try
        {
            await members.BackfillAsync(ct);
            await members.RecountAsync(options.Value.UpkeepInterval / 2, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogFailed("member count", e.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 7700, Level = LogLevel.Information, Message = "Console audit trail: {Count} entries past Console:AuditRetention deleted.")]
    private partial void LogPurged(int count);

    [LoggerMessage(EventId = 7701, Level = LogLevel.Warning, Message = "Console upkeep: {Job} failed ({ExceptionType}); retried at the next interval.")]
    private partial void LogFailed(string job, string exceptionType);
}
