namespace BotService.Tests.Support;

/// <summary>
/// A fact that needs a browser. Without /usr/bin/chromium it is skipped with the reason, except under CI=true where
/// it runs (and fails): CI must never pass by silently skipping the browser tests.
/// </summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(ChromiumPath) && !IsCi)
            Skip = "Chromium not installed: run the README test command as root, or apt-get install chromium";
    }

    internal static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A fact that needs node and the npm 'twilio' package in tests/node/node_modules; skipped without them unless CI=true.</summary>
public sealed class NodeTwilioFactAttribute : FactAttribute
{
    public NodeTwilioFactAttribute()
    {
        if (!ChromiumFactAttribute.IsCi && !File.Exists(Path.Combine(RepoPaths.Root, "tests", "node", "node_modules", "twilio", "package.json")))
            Skip = "npm package 'twilio' missing: run `npm ci` in tests/node (or link node_modules from main).";
    }
}
