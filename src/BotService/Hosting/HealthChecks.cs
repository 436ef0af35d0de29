using System.Text.Json;
using BotService.Content;
using BotService.Safety.CrisisDetection;
using BotService.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BotService.Hosting;

/// <summary>
/// /healthz/live: the process is up (no dependency is checked, so a storage outage never restarts the app).
/// /healthz/ready and /healthz (App Service's health check path): storage answers within 5 s, and the content
/// catalog with its safety replies and the crisis detector loaded.
/// </summary>
public static class HealthChecks
{
    private const string Ready = "ready";

    public static IServiceCollection AddBotHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [Ready])
            .AddCheck<SafetyHealthCheck>("safety", tags: [Ready]);
        return services;
    }

    public static WebApplication MapBotHealthChecks(this WebApplication app)
    {
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        var ready = new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteAsync };
        app.MapHealthChecks("/healthz/ready", ready);
        app.MapHealthChecks("/healthz", ready);
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var storage = context.RequestServices.GetRequiredService<ITableStore>().ProviderName;
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status == HealthStatus.Healthy ? "healthy" : "unhealthy",
            storage,
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status == HealthStatus.Healthy ? "healthy" : "unhealthy"),
        }));
    }

    internal sealed class StorageHealthCheck(ITableStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            budget.CancelAfter(TimeSpan.FromSeconds(5));
            try
            {
                return await store.IsHealthyAsync(budget.Token) ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("storage did not answer");
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy($"storage threw {ex.GetType().Name}");
            }
        }
    }

    /// <summary>The safety replies are in the catalog and the detector flags a plain crisis phrase.</summary>
    internal sealed class SafetyHealthCheck(IServiceProvider services) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var content = services.GetRequiredService<ContentCatalog>();
                if (!content.Contains(ContentCatalog.DefaultLanguage, "safety.high"))
                    return Task.FromResult(HealthCheckResult.Unhealthy("safety content missing"));
                var detector = services.GetRequiredService<ICrisisDetector>();
                if (!detector.Assess("i want to kill myself").PagesVolunteers)
                    return Task.FromResult(HealthCheckResult.Unhealthy("crisis detector did not load its rules"));
                return Task.FromResult(HealthCheckResult.Healthy());
            }
            catch (Exception ex)
            {
                return Task.FromResult(HealthCheckResult.Unhealthy($"safety content failed to load: {ex.GetType().Name}"));
            }
        }
    }
}
