using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotService.Tests.Support;

namespace BotService.Tests.Sms;

/// <summary>Runs tests/node/twilio-signature.mjs: signatures from Twilio's own Node helper, as an independent reference.</summary>
public static class NodeTwilio
{
    public sealed record Case(string AuthToken, string Url, IReadOnlyList<KeyValuePair<string, string>> Parameters);
    public sealed record Result(string Signature, bool Valid);

    public static string Script => Path.Combine(RepoPaths.Root, "tests", "node", "twilio-signature.mjs");

    public static IReadOnlyList<Result> Sign(IReadOnlyList<Case> cases)
    {
        // The helper represents a repeated key as an array of values, as Express's body parser does.
        var input = new JsonArray(cases.Select(c =>
        {
            var parameters = new JsonObject();
            foreach (var group in c.Parameters.GroupBy(p => p.Key, StringComparer.Ordinal))
            {
                var values = group.Select(p => p.Value).ToArray();
                parameters[group.Key] = values.Length == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            }
            return (JsonNode?)new JsonObject { ["authToken"] = c.AuthToken, ["url"] = c.Url, ["params"] = parameters };
        }).ToArray());

        var start = new ProcessStartInfo("node", [Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Script)!,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) { process.Kill(); throw new TimeoutException("node timed out."); }
        if (process.ExitCode != 0) throw new InvalidOperationException("twilio-signature.mjs failed: " + stderr.Result);
        return JsonSerializer.Deserialize<Result[]>(stdout.Result, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
    }
}
