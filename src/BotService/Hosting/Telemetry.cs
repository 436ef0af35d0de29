using System.Diagnostics;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace BotService.Hosting;

/// <summary>
/// OpenTelemetry traces, metrics and logs. Off unless an exporter is configured: OTEL_EXPORTER_OTLP_ENDPOINT turns on
/// the OTLP exporter, APPLICATIONINSIGHTS_CONNECTION_STRING turns on Azure Monitor (Telemetry:Enabled=true turns the
/// pipeline on with no exporter, for tests that add their own). With neither, nothing is registered: no exporter, no
/// network, no overhead.
/// Privacy: no phone number or message text reaches telemetry. Our own instruments tag with enums, codes, language
/// and severity only; HTTP spans keep method, route and status but never a query string or a body, and logs export
/// their structured fields (which never carry a number or a body) without the formatted message.
/// </summary>
public static class Telemetry
{
    /// <summary>Every meter the service owns is named BotService.*.</summary>
    public const string MeterPrefix = "BotService.";
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string AzureMonitorVariable = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    public static WebApplicationBuilder AddBotTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointVariable]);
        var azureMonitor = !string.IsNullOrWhiteSpace(configuration[AzureMonitorVariable]);
        var forced = configuration.GetValue<bool>("Telemetry:Enabled");
        if (!otlp && !azureMonitor && !forced) return builder;

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("botservice"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(MeterPrefix + "*")
                    .AddProcessor(new ScrubbingProcessor());
                // The Azure Monitor distro brings its own ASP.NET Core and HttpClient instrumentation; the options
                // below apply to it as well (same options types).
                if (!azureMonitor)
                    tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(MeterPrefix + "*");
                if (!azureMonitor)
                    metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (otlp) metrics.AddOtlpExporter();
            })
            .WithLogging(logging =>
            {
                if (otlp) logging.AddOtlpExporter();
            }, options =>
            {
                // The formatted message is the template filled in; the template and its fields are exported anyway,
                // and a field is never a number or a body. Scopes could carry anything a caller pushed: leave them out.
                options.IncludeFormattedMessage = false;
                options.IncludeScopes = false;
            });
        if (azureMonitor) otel.UseAzureMonitor();

        // Request and HttpClient logs print URLs with their query strings (and EF-style loggers could print values):
        // whatever the console's levels say, the exported logs take only their warnings.
        foreach (var category in QuietCategories)
            builder.Logging.AddFilter<OpenTelemetryLoggerProvider>(category, LogLevel.Warning);

        builder.Services.Configure<OpenTelemetry.Instrumentation.AspNetCore.AspNetCoreTraceInstrumentationOptions>(o =>
        {
            o.RecordException = false; // exception messages can quote input
            o.EnrichWithHttpRequest = (activity, _) => StripQuery(activity);
        });
        builder.Services.Configure<OpenTelemetry.Instrumentation.Http.HttpClientTraceInstrumentationOptions>(o =>
        {
            o.RecordException = false;
            o.EnrichWithHttpRequestMessage = (activity, _) => StripQuery(activity);
        });
        return builder;
    }

    private static readonly string[] QuietCategories = ["Microsoft.AspNetCore", "System.Net.Http", "Microsoft.Extensions.Http", "Azure"];

    private static readonly string[] UrlTags = ["url.full", "http.url", "http.target", "url.query"];

    /// <summary>Drops the query string from every URL tag.</summary>
    internal static void StripQuery(Activity activity)
    {
        foreach (var name in UrlTags)
        {
            if (activity.GetTagItem(name) is not string value) continue;
            if (name == "url.query") { activity.SetTag(name, null); continue; }
            var q = value.IndexOf('?');
            if (q >= 0) activity.SetTag(name, value[..q]);
        }
    }

    /// <summary>Runs on every span at its end, whatever produced it: strips query strings and drops body, header and
    /// exception tags (an exception message can quote input; the instrumentations are told not to record exceptions).</summary>
    internal sealed class ScrubbingProcessor : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity activity)
        {
            StripQuery(activity);
            foreach (var tag in activity.TagObjects.ToList())
            {
                if (tag.Key.Contains("body", StringComparison.OrdinalIgnoreCase) || tag.Key.StartsWith("http.request.header.", StringComparison.Ordinal)
                    || tag.Key.StartsWith("exception.", StringComparison.Ordinal))
                    activity.SetTag(tag.Key, null);
            }
        }
    }
}
