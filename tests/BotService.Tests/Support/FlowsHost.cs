using System.Collections.Concurrent;
using System.Security.Cryptography;
using BotService.Members;
using BotService.Messaging;
using BotService.Storage;
using BotService.Storage.Sqlite;
using BotService.Turns;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using BotService.CheckIns;
using BotService.Volunteers;

namespace BotService.Tests.Support;

/// <summary>A clock the tests move by hand.</summary>
public sealed class MovableTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    public override DateTimeOffset GetUtcNow() => _now;
    public void Advance(TimeSpan by) => _now += by;
}

public sealed class RecordingPeerQueue : IPeerSupportQueue
{
    public ConcurrentQueue<(string MemberKey, PeerRequestReason Reason)> Requests { get; } = new();

    public Task<bool> RequestPeerAsync(string memberKey, PeerRequestReason reason, CancellationToken cancellationToken)
    {
        Requests.Enqueue((memberKey, reason));
        return Task.FromResult(true);
    }
}

/// <summary>An open-check-in lookup the tests control: a date to report, or a bug to throw.</summary>
public sealed class ScriptedOpenCheckIns : IOpenCheckInLookup
{
    public string? OpenDate { get; set; }
    public bool Throw { get; set; }
    public List<string> Answered { get; } = [];

    public Task<string?> GetOpenPromptDateAsync(string memberKey, DateTimeOffset now, CancellationToken cancellationToken) =>
        Throw ? throw new InvalidOperationException("test bug") : Task.FromResult(OpenDate);

    public Task MarkAnsweredAsync(MemberProfile profile, string localDate, CancellationToken cancellationToken)
    {
        Answered.Add(localDate);
        OpenDate = null;
        return Task.CompletedTask;
    }
}

/// <summary>The real host on a SQLite file in a temp folder, with a movable clock and recording seams.</summary>
public sealed class FlowsHost : WebApplicationFactory<Program>
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("flows-").FullName;
    public string DbPath => Path.Combine(Folder, "bot.db");
    public MovableTime Time { get; } = new(new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.Zero));
    public RecordingPeerQueue Peers { get; } = new();
    public ScriptedOpenCheckIns OpenCheckIns { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Privacy:HashKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Privacy:EncryptionKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("Content:Root", RepoDialogs());
        builder.UseSetting("Storage:Provider", "Sqlite");
        builder.UseSetting("Storage:Sqlite:Path", DbPath);
        builder.ConfigureTestServices(services =>
        {
            // main registers no store yet: use the SQLite store on the temp path unless the host already has one.
            services.TryAddSingleton<ITableStore>(_ => new SqliteTableStore(DbPath));
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            services.RemoveAll<IPeerSupportQueue>();
            services.AddSingleton<IPeerSupportQueue>(Peers);
            services.RemoveAll<IOpenCheckInLookup>();
            services.AddSingleton<IOpenCheckInLookup>(OpenCheckIns);
        });
    }

    public static string RepoDialogs() => Support.RepoPaths.Dialogs;

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public Phone Phone(string number) => new(this, number);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A member's phone: send a text, read what the bot says back.</summary>
public sealed class Phone(FlowsHost host, string number)
{
    private int _sequence;
    public string Number { get; } = number;

    public string MemberKey => host.Get<BotService.Privacy.KeyedHasher>().PhoneKey(Number);

    public async Task<string> Sends(string text)
    {
        var message = new InboundMessage(BotService.Messaging.ChannelNames.Sms, Number, text, $"SM{Guid.NewGuid():N}{Interlocked.Increment(ref _sequence)}", host.Time.GetUtcNow());
        var reply = await host.Get<ITurnHandler>().HandleTurnAsync(message, CancellationToken.None);
        return string.Join("\n", reply.Messages);
    }

    public Task<MemberProfile?> Profile() => host.Get<MemberRepository>().GetAsync(MemberKey, CancellationToken.None);

    /// <summary>English onboarding with defaults: 9am, suggested zone, discreet off, code word SAFE.</summary>
    public async Task OnboardsAsync(string language = "1", string discreet = "2")
    {
        await Sends("hi");
        await Sends(language);
        await Sends("1");
        await Sends("9am");
        await Sends("1");
        await Sends(discreet);
        await Sends("SKIP");
    }
}
