using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BotService.Tests.Channels.BotFramework;

/// <summary>Runs tests/node/bf-test-channel.mjs: the connector our bot posts to, and the channel that posts to our bot.</summary>
public sealed class NodeTestChannel : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private NodeTestChannel(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        _http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Also the serviceUrl of every activity it posts (with the trailing slash, as channels send it).</summary>
    public string BaseUrl { get; }

    public static async Task<NodeTestChannel> StartAsync()
    {
        var nodeDir = Path.Combine(RepoRoot(), "tests", "node");
        if (!Directory.Exists(Path.Combine(nodeDir, "node_modules", "botframework-schema")))
            throw new InvalidOperationException("tests/node/node_modules lacks botframework-schema: run `npm ci --prefix tests/node --ignore-scripts` (scripts/test.sh does).");
        var start = new ProcessStartInfo("node", "bf-test-channel.mjs")
        {
            WorkingDirectory = nodeDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var read = process.StandardOutput.ReadLineAsync();
        if (await Task.WhenAny(read, Task.Delay(TimeSpan.FromSeconds(20))) != read || read.Result is not { } line || !line.StartsWith("LISTENING ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("bf-test-channel.mjs did not start: " + await process.StandardError.ReadToEndAsync());
        }
        return new NodeTestChannel(process, $"http://127.0.0.1:{line["LISTENING ".Length..].Trim()}/");
    }

    /// <summary>Has the channel post an activity to the bot; unspecified fields get channel defaults (see the script).
    /// Returns the HTTP status the bot answered and the activity as sent.</summary>
    public async Task<(int Status, JsonObject Activity)> PostToBotAsync(string botUrl, string? token, object activity)
    {
        var response = await _http.PostAsJsonAsync("control/post", new { botUrl, token, activity });
        response.EnsureSuccessStatusCode();
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        return (body["status"]!.GetValue<int>(), body["activity"]!.AsObject());
    }

    public async Task<List<RecordedCall>> RecordedAsync()
    {
        var list = await _http.GetFromJsonAsync<List<RecordedCall>>("recorded", new JsonSerializerOptions(JsonSerializerDefaults.Web));
        return list!;
    }

    /// <summary>Waits until the channel has recorded at least <paramref name="count"/> calls (the dispatcher runs in
    /// the background), then returns them.</summary>
    public async Task<List<RecordedCall>> WaitForRecordedAsync(int count, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var calls = await RecordedAsync();
            if (calls.Count >= count || DateTime.UtcNow > until) return calls;
            await Task.Delay(100);
        }
    }

    public async Task ClearAsync() => (await _http.DeleteAsync("recorded")).EnsureSuccessStatusCode();

    /// <summary>The next <paramref name="times"/> connector calls answer <paramref name="status"/>.</summary>
    public async Task FailNextAsync(int status, int times = 1, int? retryAfterSeconds = null) =>
        (await _http.PostAsJsonAsync("control/fail", new { status, times, retryAfter = retryAfterSeconds })).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            // Closing stdin asks the script to stop; kill only our own process if it does not.
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        await Task.CompletedTask;
    }

    public static string RepoRoot() => Support.RepoPaths.Root;
}

public sealed class RecordedCall
{
    public string ConversationId { get; set; } = "";
    public string? ReplyToId { get; set; }
    public string? Authorization { get; set; }
    public JsonObject? Activity { get; set; }
    public List<string> Problems { get; set; } = [];
    public int AnsweredStatus { get; set; }
    public string? Id { get; set; }

    public string? Text => Activity?["text"]?.GetValue<string>();
}
