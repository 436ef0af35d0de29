namespace BotService.Privacy;

/// <summary>Says at start that the keys were generated for development, so nobody runs production on them.</summary>
internal sealed class DevelopmentKeyWarning(ILogger<DevelopmentKeyWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.LogWarning("Privacy keys are not configured; using development keys generated in the local data folder. Never use these in production.");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
