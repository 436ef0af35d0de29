using System.Net;
using BotService.Tests.Support;

namespace BotService.Tests.Hosting;

[Collection("Azurite")]
public class HostTests(AzuriteFixture azurite)
{
    private static BotTestHost Host(string environment, Dictionary<string, string?> settings) => new() { Environment = environment, Settings = settings };

    /// <summary>Settings on top of the test host's (its keys and SQLite file).</summary>
    private static Dictionary<string, string?> ProductionKeys() => [];

    [Fact]
    public async Task Healthz_is_200_on_the_sqlite_default()
    {
        await using var host = Host("Production", ProductionKeys());

        var response = await host.CreateClient().GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Sqlite", await response.Content.ReadAsStringAsync());
        Assert.True(File.Exists(host.DbPath));
    }

    [Fact]
    public async Task Liveness_and_readiness_answer_and_readiness_names_storage_and_safety()
    {
        await using var host = Host("Production", ProductionKeys());
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        var ready = await client.GetAsync("/healthz/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var body = System.Text.Json.JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        Assert.Equal("Sqlite", body.GetProperty("storage").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("storage").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("safety").GetString());
    }

    [Fact]
    public async Task With_no_exporter_configured_no_telemetry_provider_is_registered()
    {
        await using var host = Host("Production", ProductionKeys());
        host.CreateClient().Dispose();

        Assert.Null(host.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)));
        Assert.Null(host.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }

    [Fact]
    public async Task With_otlp_and_azure_monitor_configured_the_host_starts_with_telemetry()
    {
        var settings = ProductionKeys();
        // Nothing listens on port 9: the exporters fail quietly, the app must not.
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
        settings["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/";
        await using var host = Host("Production", settings);
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        Assert.NotNull(host.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)));
        Assert.NotNull(host.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }

    [Fact]
    public async Task Healthz_follows_azure_table_storage_going_down_and_coming_back()
    {
        var settings = ProductionKeys();
        settings["Storage:Provider"] = "AzureTables";
        settings["Storage:AzureTables:ConnectionString"] = azurite.ConnectionString;
        await using var host = Host("Production", settings);
        var client = host.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        azurite.Stop();
        try
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/healthz/ready")).StatusCode);
            // Liveness checks no dependency: a storage outage must not get the instance restarted.
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live")).StatusCode);
        }
        finally
        {
            await azurite.StartAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public void Outside_development_a_missing_privacy_key_stops_startup_naming_it()
    {
        var settings = ProductionKeys();
        settings["Privacy:EncryptionKey"] = "";
        using var host = Host("Production", settings);

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Privacy:EncryptionKey", error.ToString());
    }

    [Fact]
    public void A_bad_storage_setting_stops_startup_naming_the_key()
    {
        var settings = ProductionKeys();
        settings["Storage:Provider"] = "AzureTables";
        using var host = Host("Production", settings);

        var error = Assert.ThrowsAny<Exception>(() => host.CreateClient());
        Assert.Contains("Storage:AzureTables:ConnectionString", error.ToString());
    }
}
