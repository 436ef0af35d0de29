namespace BotService.Escalation;

/// <summary>Default until the scheduler lands: records that a follow-up was wanted, so it is visible in the logs.</summary>
public sealed partial class LoggingFollowUpScheduler(ILogger<LoggingFollowUpScheduler> logger) : IFollowUpScheduler
{
    public Task RequestFollowUpAsync(string memberKey, string language, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        LogRequested(logger, dueAt);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 5120, Level = LogLevel.Warning, Message = "Follow-up check-in requested for {DueAt:o}, but no scheduler is registered yet")]
    private static partial void LogRequested(ILogger logger, DateTimeOffset dueAt);
}
