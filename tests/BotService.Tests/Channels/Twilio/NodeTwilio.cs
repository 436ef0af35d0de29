using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using BotService.Tests.Support;

namespace BotService.Tests.Channels.Twilio;

/// <summary>
/// Runs Twilio's own Node helper (the <c>twilio</c> package in tests/node) as an independent reference:
/// tests/node/twilio-signature.mjs signs requests the tests make up, tests/node/twilio-signature-vectors.mjs makes the
/// named signature vectors.
/// </summary>
public static class NodeTwilio
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1716", Justification = "Used only from C# tests, where Case is not a keyword.")]
    public sealed record Case(string AuthToken, string Url, IReadOnlyList<KeyValuePair<string, string>> Parameters);
    public sealed record Result(string Signature, bool Valid);

    /// <summary>One named vector. <see cref="SdkDictionary"/> is false when a name repeats, which a validator taking
    /// one value per name cannot be handed.</summary>
    public sealed record Vector(string Name, string AuthToken, string Url, IReadOnlyList<KeyValuePair<string, string>> Parameters,
        string? Body, string Signature, bool SdkDictionary);

    public static string Script => Path.Combine(RepoPaths.Root, "tests", "node", "twilio-signature.mjs");

    public static string VectorScript => Path.Combine(RepoPaths.Root, "tests", "node", "twilio-signature-vectors.mjs");

    private static readonly Lazy<IReadOnlyList<Vector>> LazyVectors = new(LoadVectors);

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    /// <summary>The named vectors, made once per test run by the Node helper.</summary>
    public static IReadOnlyList<Vector> Vectors => LazyVectors.Value;

    private static List<Vector> LoadVectors()
    {
        using var doc = JsonDocument.Parse(RunNode(VectorScript, ""));
        return doc.RootElement.GetProperty("vectors").EnumerateArray().Select(v => new Vector(
            v.GetProperty("name").GetString()!,
            v.GetProperty("authToken").GetString()!,
            v.GetProperty("url").GetString()!,
            v.GetProperty("params").EnumerateArray().Select(p => new KeyValuePair<string, string>(p[0].GetString()!, p[1].GetString()!)).ToList(),
            v.TryGetProperty("body", out var body) ? body.GetString() : null,
            v.GetProperty("signature").GetString()!,
            v.GetProperty("sdkDictionary").GetBoolean())).ToList();
    }

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

        return JsonSerializer.Deserialize<Result[]>(RunNode(Script, input.ToJsonString()), WebJson)!;
    }

    private static string RunNode(string script, string stdin)
    {
        var start = new ProcessStartInfo("node", [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(script)!,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60))) { process.Kill(); throw new TimeoutException("node timed out."); }
        if (process.ExitCode != 0) throw new InvalidOperationException(Path.GetFileName(script) + " failed: " + stderr.Result);
        return stdout.Result;
    }
}
