using Microsoft.Extensions.Options;

namespace BotService.Retention;

/// <summary>Runs a <see cref="RetentionPurger"/> pass shortly after start (<see cref="StartDelay"/>, so an instance that
/// restarts often still purges) and then every <see cref="RetentionOptions.Interval"/>, on the injected
/// <see cref="TimeProvider"/>. A failed pass is logged without any row content and the next tick tries again.</summary>
public sealed partial class RetentionService(RetentionPurger purger, IOptions<RetentionOptions> options, TimeProvider time, ILogger<RetentionService> logger)
    : BackgroundService
{
    public static readonly TimeSpan StartDelay = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(StartDelay, time, stoppingToken);
            using var timer = new PeriodicTimer(options.Value.Interval, time);
            do
            {
                try
                {
                    await purger.RunPassAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPassFailed(e.GetType().Name);
                }
            } while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 7600, Level = LogLevel.Warning, Message = "Retention pass failed ({ExceptionType}); will retry at the next interval.")]
    private partial void LogPassFailed(string exceptionType);
}
