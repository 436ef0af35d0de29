using System.Net;
using System.Text.RegularExpressions;
using BotService.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BotService.Tests.Console;

/// <summary>
/// The coordinator console on <see cref="BotTestHost"/>: the real pipeline on SQLite, the signed Twilio webhook for members'
/// texts, an admin key, and (no Twilio account) the dev phone as the outbox's transport. Plus signing in through the
/// real form.
/// </summary>
public static partial class ConsoleSite
{
    public const string AdminKey = "console-admin-key-0123456789";

    public static BotTestHost Host(string environment = "Development", FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Admin:ApiKey"] = AdminKey,
            ["Twilio:AccountSid"] = "",
            ["Console:QueueRefresh"] = "00:00:00.25",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new BotTestHost { Environment = environment, Clock = time, Settings = all };
    }

    /// <summary>A client that keeps cookies and does not follow redirects (the tests look at them).</summary>
    public static HttpClient Browserless(this BotTestHost host) =>
        host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs <paramref name="client"/> in with the key through the real form; returns the response to the post.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string key = AdminKey)
    {
        var token = await TokenAsync(client, "/console/signin");
        return await client.PostAsync("/console/signin", new FormUrlEncodedContent(
            [new("key", key), new("__RequestVerificationToken", token)]));
    }

    /// <summary>The antiforgery token of the first form on <paramref name="path"/>.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var match = TokenField().Match(await response.Content.ReadAsStringAsync());
        Assert.True(match.Success, $"no antiforgery token on {path}");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
