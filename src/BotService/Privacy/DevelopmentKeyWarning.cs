namespace BotService.Privacy;

/// <summary>Says at start that the keys were generated for development, so nobody runs production on them.</summary>
internal sealed partial class DevelopmentKeyWarning(ILogger<DevelopmentKeyWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogDevelopmentKeys(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Privacy keys are not configured; using development keys generated in the local data folder. Never use these in production.")]
    private static partial void LogDevelopmentKeys(ILogger logger);
}
