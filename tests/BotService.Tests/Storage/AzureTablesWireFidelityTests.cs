using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BotService.Storage;
using BotService.Storage.AzureTables;
using BotService.Tests.Infrastructure;

namespace BotService.Tests.Storage;

/// <summary>Our wire format against Microsoft's JS client (@azure/data-tables), in both directions.</summary>
[Collection("Azurite")]
public sealed class AzureTablesWireFidelityTests(AzuriteFixture azurite)
{
    public sealed class FidelityEntity : TableEntityBase
    {
        public string? Text { get; set; }
        public int Small { get; set; }
        public long Big { get; set; }
        public bool Flag { get; set; }
        public double Ratio { get; set; }
        public DateTimeOffset When { get; set; }
        public Guid Id { get; set; }
        public byte[]? Blob { get; set; }
    }

    private static FidelityEntity Sample(string rowKey) => new()
    {
        PartitionKey = "fidelity+'pk' ü",
        RowKey = rowKey,
        Text = "Grüße, 'quoted' \"double\" + 😀",
        Small = -123456,
        Big = 9_007_199_254_740_993, // above 2^53: a JSON number would lose it
        Flag = true,
        Ratio = 2.5,
        When = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234567),
        Id = Guid.NewGuid(),
        Blob = [0, 1, 2, 250, 255, 128],
    };

    [Fact]
    public async Task Entity_written_by_our_client_reads_back_identically_in_the_reference_sdk()
    {
        var table = new AzureTableStore(azurite.ConnectionString).GetTable<FidelityEntity>(azurite.NewTableName("fidelity"));
        var written = Sample("ours");
        await table.InsertAsync(written);

        var output = await RunNodeAsync("read", table.Name, written.PartitionKey, written.RowKey);
        var columns = JsonSerializer.Deserialize<Dictionary<string, TypedValue>>(output)!;

        Assert.Equal(new TypedValue("String", written.Text!), columns["Text"]);
        Assert.Equal(new TypedValue("Int32", written.Small.ToString(CultureInfo.InvariantCulture)), columns["Small"]);
        Assert.Equal(new TypedValue("Int64", written.Big.ToString(CultureInfo.InvariantCulture)), columns["Big"]);
        Assert.Equal(new TypedValue("Boolean", "true"), columns["Flag"]);
        Assert.Equal("Double", columns["Ratio"].type);
        Assert.Equal(written.Ratio, double.Parse(columns["Ratio"].value, CultureInfo.InvariantCulture));
        Assert.Equal("DateTime", columns["When"].type);
        Assert.Equal(written.When.UtcTicks, DateTimeOffset.Parse(columns["When"].value, CultureInfo.InvariantCulture).UtcTicks);
        Assert.Equal(new TypedValue("Guid", written.Id.ToString("D")), columns["Id"]);
        Assert.Equal("Binary", columns["Blob"].type);
        Assert.Equal(written.Blob, Convert.FromBase64String(columns["Blob"].value));
        Assert.Equal(8, columns.Count);
    }

    [Fact]
    public async Task Entity_written_by_the_reference_sdk_reads_back_identically_in_our_client()
    {
        var table = new AzureTableStore(azurite.ConnectionString).GetTable<FidelityEntity>(azurite.NewTableName("fidelity"));
        var expected = Sample("theirs");
        var columns = new Dictionary<string, TypedValue>
        {
            ["Text"] = new("String", expected.Text!),
            ["Small"] = new("Int32", expected.Small.ToString(CultureInfo.InvariantCulture)),
            ["Big"] = new("Int64", expected.Big.ToString(CultureInfo.InvariantCulture)),
            ["Flag"] = new("Boolean", "true"),
            ["Ratio"] = new("Double", expected.Ratio.ToString("R", CultureInfo.InvariantCulture)),
            ["When"] = new("DateTime", TableWireFormat.FormatDateTime(expected.When)),
            ["Id"] = new("Guid", expected.Id.ToString("D")),
            ["Blob"] = new("Binary", Convert.ToBase64String(expected.Blob!)),
        };

        Assert.Equal("ok", await RunNodeAsync("write", table.Name, expected.PartitionKey, expected.RowKey, JsonSerializer.Serialize(columns)));

        var read = await table.GetAsync(expected.PartitionKey, expected.RowKey);
        Assert.NotNull(read);
        Assert.Equal(expected.Text, read.Text);
        Assert.Equal(expected.Small, read.Small);
        Assert.Equal(expected.Big, read.Big);
        Assert.Equal(expected.Flag, read.Flag);
        Assert.Equal(expected.Ratio, read.Ratio);
        Assert.Equal(expected.When.UtcTicks, read.When.UtcTicks);
        Assert.Equal(expected.Id, read.Id);
        Assert.Equal(expected.Blob, read.Blob);
        Assert.NotEqual(default, read.ETag);

        // The same entity found by a query carries the same values and version.
        var queried = Assert.Single((await table.QueryPartitionAsync(expected.PartitionKey)).Items);
        Assert.Equal(read.ETag, queried.ETag);
        Assert.Equal(expected.Big, queried.Big);
    }

    // Lower-case names: the JSON shape the node script prints.
#pragma warning disable IDE1006
    public sealed record TypedValue(string type, string value);
#pragma warning restore IDE1006

    private Task<string> RunNodeAsync(params string[] args) => RunScriptAsync(azurite.ConnectionString, args);

    /// <summary>Runs tests/node/table-fidelity.mjs (Microsoft's JS table client) against a connection string.</summary>
    internal static async Task<string> RunScriptAsync(string connectionString, params string[] args)
    {
        var script = Path.Combine(AzuriteFixture.RepoRoot(), "tests", "node", "table-fidelity.mjs");
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(args[0]);
        start.ArgumentList.Add(connectionString);
        foreach (var arg in args.Skip(1)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node {string.Join(' ', args.Take(1))} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }
}
