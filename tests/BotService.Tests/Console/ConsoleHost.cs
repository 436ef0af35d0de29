using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using BotService.Storage;
using BotService.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;

namespace BotService.Tests.Console;

/// <summary>
/// The real host with the real pipeline on a SQLite file: the console under test, the signed Twilio webhook for members'
/// texts, and (no Twilio account) the dev phone as the outbox's transport. A clock can be handed in for the lock-out.
/// </summary>
public sealed partial class ConsoleHost : WebApplicationFactory<Program>
{
    public const string AdminKey = "console-admin-key-0123456789";
    public const string AuthToken = "console-auth-token-0123456789abc";
    public const string PublicBaseUrl = "https://bot.example.org";

    private readonly string _folder = Directory.CreateTempSubdirectory("console-").FullName;
    private readonly string _environment;
    private readonly TimeProvider? _time;
    private readonly Dictionary<string, string?> _settings;

    public ConsoleHost(string environment = "Development", TimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        _environment = environment;
        _time = time;
        _settings = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Privacy:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Privacy:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Admin:ApiKey"] = AdminKey,
            ["Twilio:AuthToken"] = AuthToken,
            ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
            ["Twilio:AccountSid"] = "",
            ["Content:Root"] = RepoPaths.Dialogs,
            ["Storage:Provider"] = "Sqlite",
            ["Storage:Sqlite:Path"] = Path.Combine(_folder, "bot.db"),
            ["Console:QueueRefresh"] = "00:00:00.25",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            if (_time is null) return;
            services.RemoveAll<TimeProvider>();
            services.AddSingleton(_time);
        });
    }

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public ITableStore Store => Get<ITableStore>();

    /// <summary>A client that keeps cookies and does not follow redirects (the tests look at them).</summary>
    public HttpClient Browserless() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

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

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
