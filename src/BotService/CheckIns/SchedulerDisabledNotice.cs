using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BotService.CheckIns;

/// <summary>Stands in for the scheduler when no <see cref="IOutbox"/> is registered.</summary>
internal sealed partial class SchedulerDisabledNotice(ILogger<SchedulerDisabledNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogDisabled();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "No outbox is registered: daily check-ins are OFF until the outbound messaging layer is added")]
    private partial void LogDisabled();
}
