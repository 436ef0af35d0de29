using BotService.Safety.CrisisDetection;

namespace BotService.Safety;

/// <summary>
/// Loads the crisis detector (concept files, then training the learned layer, several seconds) before the host takes
/// traffic. Left lazy, the first member to text after a start would wait for the training inside her turn, close to
/// Twilio's 15 s webhook timeout, and a bad edit to a concept or example file would surface on her message instead of
/// stopping the start.
/// </summary>
internal sealed class CrisisDetectorWarmup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<ICrisisDetector>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
